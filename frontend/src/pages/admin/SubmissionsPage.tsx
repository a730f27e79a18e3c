import { useState } from 'preact/hooks';
import { api, call, type ProcessView, type SubmissionStatus, type SubmissionView } from '../../api/client';
import { draftFrom } from '../../components/MapPicker';
import { type DraftErrors, serverDraftErrors, type SubmissionDraft, SubmissionFields, validateDraft } from '../../components/SubmissionFields';
import { CategorySummary, SentenceList, usePendingRefresh } from '../../components/Analysis';
import { Empty, ErrorAlert, Field, focusOnMount, Loading, Notice, PageTitle, Pager } from '../../components/ui';
import { fmtCoord, fmtDateTime, fmtNumber, t } from '../../i18n';
import { dayEndExclusive, dayStart } from '../../lib/dates';
import { ApiError, asApiError } from '../../lib/problem';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';
import { ExportsPanel } from './ExportsPanel';
import { ProcessNav } from './ProcessNav';

const PAGE = 25;
const STATUSES: SubmissionStatus[] = ['visible', 'flagged', 'hidden'];

interface Filters {
  status: '' | SubmissionStatus;
  contributor_type: string;
  q: string;
  from: string;
  to: string;
  category: string;
  confidence_below: string;
}

const noFilters: Filters = { status: '', contributor_type: '', q: '', from: '', to: '', category: '', confidence_below: '' };
const CONFIDENCE_STEPS = ['0.4', '0.6', '0.8'];

export function SubmissionsPage({ slug }: { slug: string }) {
  const proc = useAsync(() => call(api.GET('/api/v1/processes/{slug}', { params: { path: { slug } } })), [slug]);
  useTitle(proc.data ? `${t('subs.title')} · ${proc.data.title}` : t('subs.title'));
  const [draftFilters, setDraftFilters] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [offset, setOffset] = useState(0);
  const [showPaper, setShowPaper] = useState(false);
  const [message, setMessage] = useState('');

  const list = useAsync(
    () =>
      call(
        api.GET('/api/v1/processes/{slug}/submissions', {
          params: {
            path: { slug },
            query: {
              limit: PAGE,
              offset,
              status: filters.status || undefined,
              contributor_type: filters.contributor_type || undefined,
              q: filters.q.trim() || undefined,
              created_from: dayStart(filters.from),
              created_to: dayEndExclusive(filters.to),
              category: filters.category || undefined,
              confidence_below: filters.confidence_below ? Number(filters.confidence_below) : undefined,
            },
          },
        }),
      ),
    [slug, offset, filters],
  );

  const apply = (e: Event) => {
    e.preventDefault();
    setOffset(0);
    setFilters({ ...draftFilters });
  };
  const reset = () => {
    setDraftFilters(noFilters);
    setFilters(noFilters);
    setOffset(0);
  };
  const replaceItem = (updated: SubmissionView) => {
    if (!list.data) return;
    list.setData({ ...list.data, items: list.data.items.map((x) => (x.id === updated.id ? updated : x)) });
  };
  usePendingRefresh(list.data?.items, replaceItem);
  const p = proc.data;
  const setF = <K extends keyof Filters>(k: K, v: Filters[K]) => setDraftFilters((f) => ({ ...f, [k]: v }));

  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={p?.title} />
      <div class="page-head">
        <PageTitle>{t('subs.title')}</PageTitle>
        {p && (
          <button type="button" class="btn btn-secondary" aria-expanded={showPaper} onClick={() => setShowPaper(!showPaper)}>
            {t('subs.paperToggle')}
          </button>
        )}
      </div>
      {proc.loading && <Loading />}
      <ErrorAlert error={proc.error} onRetry={proc.reload} />
      {p && showPaper && (
        <PaperForm
          process={p}
          onSaved={() => {
            setShowPaper(false);
            setMessage(t('subs.paperSaved'));
            list.reload();
          }}
        />
      )}
      {p && (
        <form class="filters card" onSubmit={apply} aria-label={t('subs.filters')}>
          <Field id="f-status" label={t('subs.status')}>
            {(aria) => (
              <select {...aria} value={draftFilters.status} onChange={(e) => setF('status', e.currentTarget.value as Filters['status'])}>
                <option value="">{t('subs.any')}</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="f-type" label={t('subs.type')}>
            {(aria) => (
              <select {...aria} value={draftFilters.contributor_type} onChange={(e) => setF('contributor_type', e.currentTarget.value)}>
                <option value="">{t('subs.any')}</option>
                {p.contributor_types.map((ct) => (
                  <option key={ct.key} value={ct.key}>
                    {ct.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="f-category" label={t('subs.category')}>
            {(aria) => (
              <select {...aria} value={draftFilters.category} onChange={(e) => setF('category', e.currentTarget.value)}>
                <option value="">{t('subs.any')}</option>
                {p.categories.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="f-confidence" label={t('subs.certainty')}>
            {(aria) => (
              <select {...aria} value={draftFilters.confidence_below} onChange={(e) => setF('confidence_below', e.currentTarget.value)}>
                <option value="">{t('subs.any')}</option>
                {CONFIDENCE_STEPS.map((c) => (
                  <option key={c} value={c}>
                    {t('subs.certaintyBelow', { pct: fmtNumber(Number(c), { style: 'percent' }) })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="f-q" label={t('subs.search')}>
            {(aria) => <input {...aria} type="search" value={draftFilters.q} onInput={(e) => setF('q', e.currentTarget.value)} />}
          </Field>
          <Field id="f-from" label={t('subs.from')}>
            {(aria) => <input {...aria} type="date" value={draftFilters.from} onInput={(e) => setF('from', e.currentTarget.value)} />}
          </Field>
          <Field id="f-to" label={t('subs.to')}>
            {(aria) => <input {...aria} type="date" value={draftFilters.to} onInput={(e) => setF('to', e.currentTarget.value)} />}
          </Field>
          <div class="button-row filter-buttons">
            <button type="submit" class="btn btn-primary">
              {t('subs.apply')}
            </button>
            <button type="button" class="btn btn-secondary" onClick={reset}>
              {t('subs.reset')}
            </button>
          </div>
        </form>
      )}
      <p role="status" class="status-line">
        {message}
      </p>
      {list.loading && <Loading />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && p && (
        <>
          <p class="muted">{t('subs.count', { count: list.data.total, countText: fmtNumber(list.data.total) })}</p>
          {list.data.items.length === 0 ? (
            <Empty>{filters === noFilters ? t('subs.empty') : t('subs.emptyFiltered')}</Empty>
          ) : (
            <div class="table-wrap">
              <table class="subs-table">
                <caption class="visually-hidden">{t('subs.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('subs.colText')}</th>
                    <th scope="col">{t('subs.colCategory')}</th>
                    <th scope="col">{t('subs.colType')}</th>
                    <th scope="col">{t('subs.colStatus')}</th>
                    <th scope="col">{t('subs.colCreated')}</th>
                    <th scope="col">{t('subs.colLocation')}</th>
                    <th scope="col">{t('subs.colActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((s) => (
                    <SubmissionRow
                      key={s.id}
                      sub={s}
                      process={p}
                      onChanged={(updated) => {
                        setMessage(t('subs.moderated', { status: t(`status.${updated.status}`) }));
                        replaceItem(updated);
                      }}
                      onCategorised={(updated) => {
                        setMessage(t('subs.categorised', { id: updated.id }));
                        replaceItem(updated);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager total={list.data.total} limit={PAGE} offset={offset} onPage={setOffset} />
        </>
      )}
      {p && (
        <ExportsPanel
          slug={slug}
          filters={{
            status: filters.status || undefined,
            contributor_type: filters.contributor_type || undefined,
            q: filters.q || undefined,
            created_from: dayStart(filters.from),
            created_to: dayEndExclusive(filters.to),
            category: filters.category || undefined,
          }}
          filtered={filters !== noFilters}
        />
      )}
    </section>
  );
}

function SubmissionRow({
  sub,
  process,
  onChanged,
  onCategorised,
}: {
  sub: SubmissionView;
  process: ProcessView;
  onChanged: (s: SubmissionView) => void;
  onCategorised: (s: SubmissionView) => void;
}) {
  const [open, setOpen] = useState(false);
  const typeName = process.contributor_types.find((c) => c.key === sub.contributor_type)?.name ?? sub.contributor_type;
  return (
    <>
      <tr class={`status-${sub.status}`}>
        <td class="text-cell">
          <p class="submission-text" dir="auto">{sub.text}</p>
          {sub.entered_by_admin && <span class="badge">{t('subs.paper')}</span>}
          {sub.moderation_reason && sub.status !== 'visible' && <p class="muted">{t('subs.reason', { reason: sub.moderation_reason })}</p>}
          <SentenceList sub={sub} categories={process.categories} admin onChanged={onCategorised} />
        </td>
        <td class="category-cell">
          <CategorySummary sub={sub} categories={process.categories} />
        </td>
        <td>{typeName}</td>
        <td>
          <span class={`badge badge-${sub.status}`}>{t(`status.${sub.status}`)}</span>
        </td>
        <td>{fmtDateTime(sub.created_at)}</td>
        <td>{sub.location ? `${fmtCoord(sub.location.lat)}, ${fmtCoord(sub.location.lng)}` : '—'}</td>
        <td>
          <button type="button" class="btn btn-secondary btn-small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('subs.moderate', { id: sub.id })}
          </button>
        </td>
      </tr>
      {open && (
        <tr class="moderate-row">
          <td colSpan={7}>
            <ModerateForm
              sub={sub}
              onDone={(s) => {
                setOpen(false);
                onChanged(s);
              }}
              onCancel={() => setOpen(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function ModerateForm({ sub, onDone, onCancel }: { sub: SubmissionView; onDone: (s: SubmissionView) => void; onCancel: () => void }) {
  const [status, setStatus] = useState<SubmissionStatus>(sub.status === 'visible' ? 'hidden' : 'visible');
  const [reason, setReason] = useState('');
  const [reasonErr, setReasonErr] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `mod-${sub.id}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (status !== 'visible' && !reason.trim()) {
      setReasonErr(t('subs.reasonRequired'));
      return;
    }
    setReasonErr(undefined);
    setBusy(true);
    setError(null);
    try {
      const updated = await call(
        api.PATCH('/api/v1/submissions/{id}', { params: { path: { id: sub.id } }, body: { status, reason: reason.trim() || null } }),
      );
      onDone(updated);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack moderate" onSubmit={submit} noValidate aria-label={t('subs.moderateTitle', { id: sub.id })}>
      <ErrorAlert error={error} claimed={['status', 'reason']} />
      <fieldset>
        <legend>{t('subs.newStatus')}</legend>
        {STATUSES.map((s) => (
          <label class="choice" key={s}>
            <input type="radio" name={`${id}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} ref={s === status ? focusOnMount : undefined} />
            {t(`statusAction.${s}`)}
          </label>
        ))}
      </fieldset>
      <Field id={`${id}-reason`} label={t('subs.reasonLabel')} hint={t('subs.reasonHint')} error={reasonErr ?? error?.field('reason')}>
        {(aria) => <textarea {...aria} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('subs.applyModeration')}
        </button>
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function PaperForm({ process, onSaved }: { process: ProcessView; onSaved: () => void }) {
  const [draft, setDraft] = useState<SubmissionDraft>({ text: '', location: draftFrom(null) });
  const [type, setType] = useState(process.contributor_types[0]?.key ?? '');
  const [errors, setErrors] = useState<DraftErrors>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const v = validateDraft(draft);
    if (!v.ok) {
      setErrors(v.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    setError(null);
    try {
      await call(
        api.POST('/api/v1/processes/{slug}/submissions', {
          params: { path: { slug: process.slug } },
          body: { text: v.text, location: v.location, contributor_type: type },
        }),
      );
      onSaved();
    } catch (err) {
      const apiErr = asApiError(err);
      setErrors(serverDraftErrors(apiErr));
      setError(apiErr);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card stack" onSubmit={submit} noValidate aria-labelledby="paper-title">
      <h2 id="paper-title" tabIndex={-1} ref={focusOnMount}>
        {t('subs.paperTitle')}
      </h2>
      <Notice>{t('subs.paperIntro')}</Notice>
      <ErrorAlert error={error} claimed={['text', 'location', 'contributor_type']} />
      <Field id="paper-type" label={t('subs.paperType')} error={error?.field('contributor_type')}>
        {(aria) => (
          <select {...aria} value={type} onChange={(e) => setType(e.currentTarget.value)}>
            {process.contributor_types.map((ct) => (
              <option key={ct.key} value={ct.key}>
                {ct.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SubmissionFields id="paper" draft={draft} onChange={setDraft} errors={errors} map={process.map} label={t('subs.paperText')} />
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('subs.paperSave')}
        </button>
      </div>
    </form>
  );
}
