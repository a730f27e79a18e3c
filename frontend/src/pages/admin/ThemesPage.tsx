import { useRef, useState } from 'preact/hooks';
import { api, call, type Category, type Schemas } from '../../api/client';
import { fmtPct } from '../../components/Analysis';
import { Empty, ErrorAlert, Field, focusOnMount, Loading, localizeFieldMessage, PageTitle } from '../../components/ui';
import { fmtDateTime, fmtList, fmtNumber, t } from '../../i18n';
import { categoryMix, parseThemeCount, sortThemes, THEMES_MAX, THEMES_MIN, themeSentenceTotal } from '../../lib/insights';
import { type JobView, useJob } from '../../lib/jobs';
import { ApiError, asApiError } from '../../lib/problem';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';
import { ProcessNav } from './ProcessNav';
import { JobProgress } from './TrainingPage';

type Theme = Schemas['ThemeView'];

/** Themes across all sentences of a process: compute, read and name them. */
export function ThemesPage({ slug }: { slug: string }) {
  const proc = useAsync(() => call(api.GET('/api/v1/processes/{slug}', { params: { path: { slug } } })), [slug]);
  useTitle(proc.data ? `${t('themes.title')} · ${proc.data.title}` : t('themes.title'));
  const list = useAsync(() => call(api.GET('/api/v1/processes/{slug}/themes', { params: { path: { slug } } })), [slug]);
  const p = proc.data;
  const data = list.data;
  const themes = data ? sortThemes(data.themes) : [];
  const computed = !!data?.generated_at;

  const replaceTheme = (theme: Theme) => {
    if (!data) return;
    list.setData({ ...data, themes: data.themes.map((x) => (x.id === theme.id ? theme : x)) });
  };

  return (
    <section class="page stack-lg">
      <div class="stack">
        <ProcessNav slug={slug} title={p?.title} />
        <PageTitle>{t('themes.title')}</PageTitle>
        <p class="lead">{t('themes.intro')}</p>
        <ErrorAlert error={proc.error} onRetry={proc.reload} />
      </div>
      <ComputeSection slug={slug} computed={computed} onDone={list.reload} />
      <section class="stack" aria-labelledby="th-list">
        <h2 id="th-list">{t('themes.listTitle')}</h2>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        {list.loading && !data && <Loading />}
        {data && computed && (
          <p class="themes-meta">
            {t('themes.generated', { when: fmtDateTime(data.generated_at) })}
            {data.seed != null && <> · {t('themes.seed', { seed: fmtNumber(data.seed) })}</>} ·{' '}
            {t('themes.coverage', {
              count: themes.length,
              countText: fmtNumber(themes.length),
              sentences: themeSentenceTotal(themes),
              sentencesText: fmtNumber(themeSentenceTotal(themes)),
            })}
          </p>
        )}
        {data && p &&
          (!computed ? (
            <Empty>{t('themes.empty')}</Empty>
          ) : themes.length === 0 ? (
            <Empty>{t('themes.none')}</Empty>
          ) : (
            <ol class="card-list">
              {themes.map((th) => (
                <ThemeCard key={th.id} theme={th} categories={p.categories} onRenamed={replaceTheme} />
              ))}
            </ol>
          ))}
      </section>
    </section>
  );
}

function ComputeSection({ slug, computed, onDone }: { slug: string; computed: boolean; onDone: () => void }) {
  const [count, setCount] = useState('');
  const [countError, setCountError] = useState<string | undefined>(undefined);
  const [started, setStarted] = useState<JobView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { job, error: pollError } = useJob(started, onDone);
  const running = !!job && job.state !== 'done' && job.state !== 'failed';

  const start = async (e: Event) => {
    e.preventDefault();
    const k = parseThemeCount(count);
    if (k === null) {
      setCountError(t('themes.countInvalid', { min: fmtNumber(THEMES_MIN), max: fmtNumber(THEMES_MAX) }));
      return;
    }
    setCountError(undefined);
    setBusy(true);
    setError(null);
    try {
      setStarted(await call(api.POST('/api/v1/processes/{slug}/themes', { params: { path: { slug } }, body: k === undefined ? {} : { k } })));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card stack" aria-labelledby="th-compute">
      <h2 id="th-compute">{computed ? t('themes.recomputeTitle') : t('themes.computeTitle')}</h2>
      <p class="hint">{t('themes.computeHint')}</p>
      <ErrorAlert error={error ?? pollError} claimed={['k']} />
      <form class="stack" onSubmit={start} noValidate>
        <Field
          id="th-count"
          label={t('themes.count', { min: fmtNumber(THEMES_MIN), max: fmtNumber(THEMES_MAX) })}
          hint={t('themes.countHint')}
          error={countError ?? error?.field('k')}
          class="narrow-field"
        >
          {(aria) => (
            <input {...aria} type="number" inputMode="numeric" min={THEMES_MIN} max={THEMES_MAX} step={1} value={count} onInput={(e) => setCount(e.currentTarget.value)} />
          )}
        </Field>
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy || running}>
            {computed ? t('themes.recompute') : t('themes.compute')}
          </button>
        </div>
      </form>
      {job && <JobProgress job={job} label={t('themes.job')} />}
    </section>
  );
}

function ThemeCard({ theme, categories, onRenamed }: { theme: Theme; categories: Category[]; onRenamed: (t: Theme) => void }) {
  const headingId = `theme-${theme.id}`;
  const mix = categoryMix(theme.category_mix, categories);
  const renamed = theme.label !== theme.generated_label;
  return (
    <li class="card stack theme-card" aria-labelledby={headingId}>
      <div class="theme-head">
        <h3 id={headingId} dir="auto">
          {theme.label}
        </h3>
        <span class="badge badge-size">{t('themes.size', { count: theme.size, countText: fmtNumber(theme.size) })}</span>
      </div>
      {renamed && <p class="hint">{t('themes.generatedLabel', { label: theme.generated_label })}</p>}
      <RenameTheme theme={theme} headingId={headingId} onRenamed={onRenamed} />
      {theme.terms.length > 0 && (
        <p>
          <strong>{t('themes.terms')}</strong> <span dir="auto">{fmtList(theme.terms)}</span>
        </p>
      )}
      {mix.length > 0 && (
        <div class="table-wrap">
          <table class="mix-table">
            <caption>{t('themes.mixCaption', { label: theme.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('subs.colCategory')}</th>
                <th scope="col">{t('themes.sentences')}</th>
                <th scope="col">{t('themes.share')}</th>
              </tr>
            </thead>
            <tbody>
              {mix.map((m) => (
                <tr key={m.key}>
                  <th scope="row">{m.name}</th>
                  <td class="num">{fmtNumber(m.count)}</td>
                  <td class="num">{fmtPct(m.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {theme.representatives.length > 0 && (
        <div class="stack">
          <h4 class="theme-subhead">{t('themes.representatives')}</h4>
          <ul class="plain-list representatives">
            {theme.representatives.map((r) => (
              <li key={r.sentence_id}>
                <span dir="auto">{r.text}</span> <span class="muted">({t('dups.submissionId', { id: r.submission_id })})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/** Inline rename: a button opens a small form; Escape or Cancel closes it and returns focus. */
function RenameTheme({ theme, headingId, onRenamed }: { theme: Theme; headingId: string; onRenamed: (t: Theme) => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(theme.label);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const inputId = `theme-${theme.id}-name`;
  const renamed = theme.label !== theme.generated_label;

  const close = () => {
    setOpen(false);
    setError(null);
    requestAnimationFrame(() => button.current?.focus());
  };

  const save = async (label: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await call(api.PATCH('/api/v1/themes/{id}', { params: { path: { id: theme.id } }, body: { label } }));
      onRenamed(updated);
      setMessage(label === null ? t('themes.restored', { label: updated.label }) : t('themes.renamed', { label: updated.label }));
      setOpen(false);
      requestAnimationFrame(() => button.current?.focus());
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="stack rename">
      <p role="status" class="status-line">
        {message}
      </p>
      {open ? (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(value.trim());
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
          noValidate
        >
          <ErrorAlert error={error} claimed={['label']} />
          <label for={inputId}>{t('themes.nameLabel')}</label>
          <input
            id={inputId}
            type="text"
            class="theme-name-input"
            maxLength={80}
            value={value}
            ref={focusOnMount}
            aria-invalid={error?.field('label') ? 'true' : undefined}
            aria-describedby={error?.field('label') ? `${inputId}-error` : undefined}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          {error?.field('label') && (
            <p class="field-error" id={`${inputId}-error`}>
              {localizeFieldMessage(error.field('label')!)}
            </p>
          )}
          <button type="submit" class="btn btn-primary btn-small" disabled={busy}>
            {t('themes.save')}
          </button>
          <button type="button" class="btn btn-secondary btn-small" disabled={busy} onClick={close}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <div class="button-row">
          <button
            type="button"
            class="btn btn-secondary btn-small"
            ref={button}
            aria-describedby={headingId}
            onClick={() => {
              setValue(theme.label);
              setMessage('');
              setOpen(true);
            }}
          >
            {t('themes.rename')}
          </button>
          {renamed && (
            <button type="button" class="btn btn-secondary btn-small" disabled={busy} aria-describedby={headingId} onClick={() => void save(null)}>
              {t('themes.restore')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
