// Admin: create a process or edit one's settings — title, question, flags, map, contributor
// types, categories, moderation, and the texts in each UI language.
import { useState } from 'preact/hooks';
import type { ProcessView, Schemas } from '../../api/client';
import { useCreateProcess, useProcess, useUpdateProcess } from '../../api/processes';
import { ModerationFields } from '../../components/admin/ModerationFields';
import { ResponseSettingsCard } from '../../components/admin/ResponseSettingsCard';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { TranslationsFieldset } from '../../components/admin/TranslationsFieldset';
import { ErrorAlert, Field, Loading, Notice, PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { fieldText } from '../../lib/fieldError';
import { parseCoord } from '../../lib/geo';
import type { ApiError } from '../../lib/problem';
import { navigate } from '../../lib/router';
import { slugify } from '../../lib/text';
import { draftOf, translationsOf, translationsPatchOf, type TranslationsDraft } from '../../lib/translations';
import { can, LANGUAGE_CODES, languageKey } from '../../lib/vocab';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';

interface Row {
  key: string;
  name: string;
  description: string;
}

interface Form {
  slug: string;
  title: string;
  prompt: string;
  submissions_open: boolean;
  registration_open: boolean;
  public_submissions: boolean;
  pre_moderation: boolean;
  report_threshold: string;
  languages: Schemas['LanguageCode'][];
  hasMap: boolean;
  lat: string;
  lng: string;
  zoom: string;
  categories: Row[];
  contributor_types: Row[];
  translations: TranslationsDraft;
}

const blank: Form = {
  slug: '',
  title: '',
  prompt: '',
  submissions_open: true,
  registration_open: false,
  public_submissions: false,
  pre_moderation: false,
  report_threshold: '3',
  languages: ['en'],
  hasMap: true,
  lat: '',
  lng: '',
  zoom: '13',
  categories: [],
  contributor_types: [],
  translations: draftOf(null),
};

function fromProcess(p: ProcessView): Form {
  return {
    slug: p.slug,
    title: p.title,
    prompt: p.prompt,
    submissions_open: p.submissions_open,
    registration_open: p.registration_open,
    public_submissions: p.public_submissions,
    pre_moderation: p.pre_moderation ?? false,
    report_threshold: String(p.report_threshold ?? 3),
    languages: p.languages,
    hasMap: !!p.map,
    lat: p.map ? String(p.map.lat) : '',
    lng: p.map ? String(p.map.lng) : '',
    zoom: p.map ? String(p.map.zoom) : '13',
    categories: p.categories.map((c) => ({ key: c.key, name: c.name, description: c.description ?? '' })),
    contributor_types: p.contributor_types.map((c) => ({ key: c.key, name: c.name, description: '' })),
    translations: draftOf(p.translations),
  };
}

export function ProcessFormPage({ slug }: { slug?: string }) {
  const editing = slug !== undefined;
  const existing = useProcess(slug ?? null);
  useTitle(editing ? existing.data?.title : t('processForm.createTitle'));
  if (editing && existing.loading && !existing.data) return <Loading />;
  if (editing && (existing.error || !existing.data)) {
    return (
      <section class="page stack">
        <PageTitle>{t('common.errorTitle')}</PageTitle>
        <ErrorAlert error={existing.error} onRetry={existing.reload} />
      </section>
    );
  }
  return <ProcessForm key={slug ?? 'new'} process={existing.data ?? null} />;
}

function ProcessForm({ process }: { process: ProcessView | null }) {
  const canNameResponses = can(currentSession(useStore(sessionStore)), 'setResponseSettings');
  const editing = !!process;
  const [form, setForm] = useState<Form>(process ? fromProcess(process) : blank);
  const [slugTouched, setSlugTouched] = useState(editing);
  const [local, setLocal] = useState<Record<string, string>>({});
  // The form as last saved: the notice shows until the next edit makes a new form. (An effect
  // clearing a flag on every form change also cleared it right after the save had set it.)
  const [savedForm, setSavedForm] = useState<Form | null>(null);
  const create = useCreateProcess({ onSuccess: (created) => navigate(`/admin/p/${encodeURIComponent(created.slug)}`) });
  const update = useUpdateProcess(process?.slug ?? '', {
    onSuccess: (updated) => {
      const next = fromProcess(updated);
      setForm(next);
      setSavedForm(next);
    },
  });
  const { busy, error } = process ? update : create;

  const saved = savedForm === form;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const fe = (name: string) => local[name] ?? error?.field(name);

  const submit = (e: Event) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    let map: { lat: number; lng: number; zoom: number } | null = null;
    if (form.hasMap) {
      const lat = parseCoord(form.lat, 'lat');
      const lng = parseCoord(form.lng, 'lng');
      const zoom = Number(form.zoom);
      if (typeof lat !== 'number') problems['map.lat'] = t('processForm.errLat');
      if (typeof lng !== 'number') problems['map.lng'] = t('processForm.errLng');
      if (!Number.isInteger(zoom) || zoom < 0 || zoom > 20) problems['map.zoom'] = t('processForm.errZoom');
      if (typeof lat === 'number' && typeof lng === 'number' && !problems['map.zoom']) map = { lat, lng, zoom };
    }
    const report_threshold = Number(form.report_threshold);
    if (form.report_threshold.trim() === '' || !Number.isInteger(report_threshold) || report_threshold < 0 || report_threshold > 100) {
      problems['report_threshold'] = t('processForm.errReportThreshold');
    }
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const categories = form.categories.map((c) => ({ key: c.key.trim(), name: c.name, description: c.description }));
    const contributor_types = form.contributor_types.map((c) => ({ key: c.key.trim(), name: c.name }));
    const keys = categories.map((c) => c.key);
    if (!process) {
      void create.run({
        slug: form.slug,
        title: form.title,
        prompt: form.prompt,
        submissions_open: form.submissions_open,
        registration_open: form.registration_open,
        public_submissions: form.public_submissions,
        pre_moderation: form.pre_moderation,
        report_threshold,
        languages: form.languages,
        map,
        categories: categories.length ? categories : null,
        contributor_types: contributor_types.length ? contributor_types : null,
        translations: translationsOf(form.translations, keys),
      });
    } else {
      void update.run({
        title: form.title,
        prompt: form.prompt,
        submissions_open: form.submissions_open,
        registration_open: form.registration_open,
        public_submissions: form.public_submissions,
        pre_moderation: form.pre_moderation,
        report_threshold,
        languages: form.languages,
        map,
        categories,
        contributor_types,
        translations: translationsPatchOf(form.translations, keys),
      });
    }
  };

  const claimed = ['slug', 'title', 'prompt', 'map', 'categories', 'contributor_types', 'report_threshold', 'translations'];
  return (
    <section class="page stack">
      {process && <ProcessNav slug={process.slug} title={process.title} />}
      <PageTitle>{process ? t('processForm.editTitle') : t('processForm.createTitle')}</PageTitle>
      <form class="stack form-wide" onSubmit={submit} noValidate>
        <ErrorAlert error={error} claimed={claimed} />
        {saved && <Notice kind="success">{t('processForm.saved')}</Notice>}
        <Field id="pf-title" label={t('processForm.titleLabel')} error={fe('title')}>
          {(aria) => (
            <input
              {...aria}
              type="text"
              value={form.title}
              maxLength={200}
              onInput={(e) => {
                const title = e.currentTarget.value;
                setForm((f) => ({ ...f, title, slug: slugTouched ? f.slug : slugify(title) }));
              }}
            />
          )}
        </Field>
        <Field id="pf-slug" label={t('processForm.slugLabel')} hint={editing ? t('processForm.slugFixed') : t('processForm.slugHint')} error={fe('slug')}>
          {(aria) => (
            <input
              {...aria}
              type="text"
              class="mono"
              value={form.slug}
              readOnly={editing}
              autoCapitalize="off"
              spellcheck={false}
              onInput={(e) => {
                setSlugTouched(true);
                set('slug', e.currentTarget.value);
              }}
            />
          )}
        </Field>
        <Field id="pf-prompt" label={t('processForm.promptLabel')} hint={t('processForm.promptHint')} error={fe('prompt')}>
          {(aria) => <textarea {...aria} rows={3} value={form.prompt} onInput={(e) => set('prompt', e.currentTarget.value)} />}
        </Field>
        <fieldset>
          <legend>{t('processForm.flags')}</legend>
          <label class="choice">
            <input type="checkbox" checked={form.submissions_open} onChange={(e) => set('submissions_open', e.currentTarget.checked)} />
            {t('processForm.submissionsOpen')}
          </label>
          <label class="choice">
            <input type="checkbox" checked={form.registration_open} onChange={(e) => set('registration_open', e.currentTarget.checked)} />
            {t('processForm.registrationOpen')}
          </label>
          <label class="choice">
            <input
              type="checkbox"
              checked={form.public_submissions}
              onChange={(e) => set('public_submissions', e.currentTarget.checked)}
              aria-describedby="pf-public-hint"
            />
            {t('processForm.publicSubmissions')}
          </label>
          <p class="hint" id="pf-public-hint">
            {t('processForm.publicSubmissionsHint')}
          </p>
        </fieldset>
        <ModerationFields
          preModeration={form.pre_moderation}
          threshold={form.report_threshold}
          thresholdError={fe('report_threshold')}
          onPreModeration={(on) => set('pre_moderation', on)}
          onThreshold={(v) => set('report_threshold', v)}
        />
        <fieldset aria-describedby="pf-languages-hint">
          <legend>{t('processForm.languagesLegend')}</legend>
          {LANGUAGE_CODES.map((code) => (
            <label class="choice" key={code}>
              <input
                type="checkbox"
                name="languages"
                value={code}
                checked={form.languages.includes(code)}
                // At least one language stays chosen: the last one cannot be unticked.
                disabled={form.languages.length === 1 && form.languages.includes(code)}
                onChange={(e) =>
                  set(
                    'languages',
                    e.currentTarget.checked
                      ? LANGUAGE_CODES.filter((c) => c === code || form.languages.includes(c))
                      : form.languages.filter((c) => c !== code),
                  )
                }
              />
              {t(languageKey(code))}
            </label>
          ))}
          <p class="hint" id="pf-languages-hint">
            {t('processForm.languagesHint')}
          </p>
          {fe('languages') && <p class="field-error">{fe('languages')}</p>}
        </fieldset>
        <fieldset>
          <legend>{t('processForm.mapLegend')}</legend>
          <label class="choice">
            <input type="checkbox" checked={form.hasMap} onChange={(e) => set('hasMap', e.currentTarget.checked)} />
            {t('processForm.hasMap')}
          </label>
          {form.hasMap && (
            <div class="coords coords-3">
              <Field id="pf-lat" label={t('map.lat')} error={fe('map.lat')}>
                {(aria) => <input {...aria} type="text" inputMode="decimal" value={form.lat} onInput={(e) => set('lat', e.currentTarget.value)} />}
              </Field>
              <Field id="pf-lng" label={t('map.lng')} error={fe('map.lng')}>
                {(aria) => <input {...aria} type="text" inputMode="decimal" value={form.lng} onInput={(e) => set('lng', e.currentTarget.value)} />}
              </Field>
              <Field id="pf-zoom" label={t('processForm.zoom')} error={fe('map.zoom')}>
                {(aria) => <input {...aria} type="number" min={0} max={20} step={1} value={form.zoom} onInput={(e) => set('zoom', e.currentTarget.value)} />}
              </Field>
            </div>
          )}
        </fieldset>
        <RowsEditor
          name="contributor_types"
          legend={t('processForm.typesLegend')}
          hint={editing ? undefined : t('processForm.typesDefault')}
          rows={form.contributor_types}
          withDescription={false}
          onChange={(rows) => set('contributor_types', rows)}
          error={error}
        />
        <RowsEditor
          name="categories"
          legend={t('processForm.categoriesLegend')}
          hint={editing ? undefined : t('processForm.categoriesDefault')}
          rows={form.categories}
          withDescription
          onChange={(rows) => set('categories', rows)}
          error={error}
        />
        <TranslationsFieldset
          draft={form.translations}
          base={{ title: form.title, prompt: form.prompt }}
          categories={form.categories}
          onChange={(d) => set('translations', d)}
          error={error}
        />
        <div class="button-row">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {process ? t('processForm.save') : t('processForm.create')}
          </button>
          <a class="btn btn-secondary" href="/admin">
            {t('common.cancel')}
          </a>
        </div>
      </form>
      {process && canNameResponses && <ResponseSettingsCard slug={process.slug} />}
    </section>
  );
}

function RowsEditor(props: {
  name: 'categories' | 'contributor_types';
  legend: string;
  hint?: string | undefined;
  rows: Row[];
  withDescription: boolean;
  onChange: (rows: Row[]) => void;
  error: ApiError | null;
}) {
  const { name, rows, onChange } = props;
  const update = (i: number, patch: Partial<Row>) => onChange(rows.map((r, j) => (i === j ? { ...r, ...patch } : r)));
  const listError = fieldText(props.error?.fieldErrors[name]);
  return (
    <fieldset class="rows-editor">
      <legend>{props.legend}</legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      {listError && <p class="field-error">{listError}</p>}
      {rows.map((r, i) => {
        const f = (k: string) => props.error?.fieldErrors[`${name}[${i}].${k}`];
        const n = i + 1;
        return (
          <div class="row-edit" key={i} role="group" aria-label={t('processForm.rowLabel', { n })}>
            <Field id={`${name}-${i}-key`} label={t('processForm.key')} error={f('key')}>
              {(aria) => (
                <input {...aria} type="text" class="mono" value={r.key} autoCapitalize="off" spellcheck={false} onInput={(e) => update(i, { key: e.currentTarget.value })} />
              )}
            </Field>
            <Field id={`${name}-${i}-name`} label={t('processForm.name')} error={f('name')}>
              {(aria) => (
                <input
                  {...aria}
                  type="text"
                  value={r.name}
                  onInput={(e) => {
                    const v = e.currentTarget.value;
                    update(i, r.key === '' || r.key === slugify(r.name).replace(/-/g, '_') ? { name: v, key: slugify(v).replace(/-/g, '_').slice(0, 32) } : { name: v });
                  }}
                />
              )}
            </Field>
            {props.withDescription && (
              <Field id={`${name}-${i}-desc`} label={t('processForm.description')} error={f('description')}>
                {(aria) => <input {...aria} type="text" value={r.description} onInput={(e) => update(i, { description: e.currentTarget.value })} />}
              </Field>
            )}
            <button type="button" class="btn btn-secondary btn-small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              {t('processForm.removeRow', { n })}
            </button>
          </div>
        );
      })}
      <button type="button" class="btn btn-secondary" onClick={() => onChange([...rows, { key: '', name: '', description: '' }])}>
        {name === 'categories' ? t('processForm.addCategory') : t('processForm.addType')}
      </button>
    </fieldset>
  );
}
