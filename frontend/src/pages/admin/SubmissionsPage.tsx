// Admin: a process's submissions — filter, read their analysis, moderate, enter paper ones,
// and export what the filters select.
import { useState } from 'preact/hooks';
import { useProcess } from '../../api/processes';
import { useSubmissions } from '../../api/submissions';
import { ExportsPanel } from '../../components/admin/ExportsPanel';
import { PaperForm } from '../../components/admin/PaperForm';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { SubmissionRow } from '../../components/admin/SubmissionRow';
import { type Selection, SelectionResponse } from '../../components/admin/SelectionResponse';
import { usePendingRefresh } from '../../components/Analysis';
import { QueryView } from '../../components/QueryView';
import { Empty, ErrorAlert, Field, Loading, PageTitle, Pager } from '../../components/ui';
import { fmtNumber, t } from '../../i18n';
import { apiFilters, type Filters, isFiltered, noFilters } from '../../lib/listFilters';
import { useTitle } from '../../lib/title';
import { can, sortKey, SUBMISSION_SORTS, SUBMISSION_STATUSES } from '../../lib/vocab';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';

const PAGE = 25;

const CONFIDENCE_STEPS = ['0.4', '0.6', '0.8'];

export function SubmissionsPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('subs.title')} · ${proc.data.title}` : t('subs.title'));
  const [draftFilters, setDraftFilters] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [offset, setOffset] = useState(0);
  const [showPaper, setShowPaper] = useState(false);
  const [message, setMessage] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  // Every submission matching the applied filters, instead of the ticked ones.
  const [matching, setMatching] = useState(false);
  const clearSelection = () => {
    setSelected(new Set());
    setMatching(false);
  };
  const select = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const canRespond = can(currentSession(useStore(sessionStore)), 'respondToSubmissions');
  const responded = (count: number) => setMessage(t('respond.done', { count }));
  const applied = apiFilters(filters);

  const list = useSubmissions(slug, {
    limit: PAGE,
    offset,
    ...applied,
    sort: filters.sort === noFilters.sort ? undefined : filters.sort,
  });
  // What the bulk actions act on: the filter (counted as the list counts it) or the ticked ids.
  const selection: Selection | null =
    matching && list.data
      ? { filter: applied, count: list.data.total, atLeast: list.data.total_is_lower_bound }
      : selected.size > 0
        ? { ids: [...selected] }
        : null;

  const apply = (e: Event) => {
    e.preventDefault();
    setOffset(0);
    setMatching(false);
    setFilters({ ...draftFilters });
  };
  const reset = () => {
    setDraftFilters(noFilters);
    setFilters(noFilters);
    setMatching(false);
    setOffset(0);
  };
  usePendingRefresh(list.data?.items);
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
      {proc.loading && !p && <Loading />}
      <ErrorAlert error={proc.error} onRetry={proc.reload} />
      {p && showPaper && (
        <PaperForm
          process={p}
          onSaved={() => {
            setShowPaper(false);
            setMessage(t('subs.paperSaved'));
          }}
        />
      )}
      {p && (
        <form class="filters card" onSubmit={apply} aria-label={t('subs.filters')}>
          <Field id="f-status" label={t('subs.status')}>
            {(aria) => (
              <select {...aria} value={draftFilters.status} onChange={(e) => setF('status', e.currentTarget.value as Filters['status'])}>
                <option value="">{t('subs.any')}</option>
                {SUBMISSION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="f-reported" label={t('subs.reportedFilter')}>
            {(aria) => (
              <select {...aria} value={draftFilters.reported} onChange={(e) => setF('reported', e.currentTarget.value as Filters['reported'])}>
                <option value="">{t('subs.any')}</option>
                <option value="true">{t('subs.reportedOnly')}</option>
                <option value="false">{t('subs.notReported')}</option>
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
          <Field id="f-sort" label={t('subs.sort')}>
            {(aria) => (
              <select {...aria} value={draftFilters.sort} onChange={(e) => setF('sort', e.currentTarget.value as Filters['sort'])}>
                {SUBMISSION_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(sortKey(s))}
                  </option>
                ))}
              </select>
            )}
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
      {p && selection && (
        <SelectionResponse
          slug={slug}
          selection={selection}
          onDone={(r) => {
            clearSelection();
            setMessage(matching ? t('matching.answered', { matched: r.matched, changed: r.changed }) : t('respond.done', { count: r.submission_ids.length }));
          }}
          onModerated={(r) => {
            clearSelection();
            setMessage(matching ? t('matching.moderated', { matched: r.matched, changed: r.changed }) : t('selection.moderated', { count: r.matched }));
          }}
          onClear={clearSelection}
        />
      )}
      <QueryView query={list} spinner="always">
        {(page) =>
          p && (
            <>
              <p class="muted">
                {/* Its own element: the count reads alone (and tests find it) beside the button. */}
                <span>
                  {page.total_is_lower_bound
                    ? t('subs.countAtLeast', { countText: fmtNumber(page.total) })
                    : t('subs.count', { count: page.total, countText: fmtNumber(page.total) })}
                </span>
                {canRespond && isFiltered(filters) && page.total > 0 && !matching && (
                  <>
                    {' '}
                    <button
                      type="button"
                      class="btn btn-secondary btn-small"
                      onClick={() => {
                        setSelected(new Set());
                        setMatching(true);
                      }}
                    >
                      {page.total_is_lower_bound
                        ? t('matching.selectAtLeast', { countText: fmtNumber(page.total) })
                        : t('matching.select', { count: page.total, countText: fmtNumber(page.total) })}
                    </button>
                  </>
                )}
              </p>
              {page.items.length === 0 ? (
                <Empty>{filters === noFilters ? t('subs.empty') : t('subs.emptyFiltered')}</Empty>
              ) : (
                <div class="table-wrap">
                  <table class="subs-table">
                    <caption class="visually-hidden">{t('subs.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">
                          {canRespond ? (
                            <SelectPage ids={page.items.map((s) => s.id)} selected={selected} onSelect={select} locked={matching} />
                          ) : (
                            <span class="visually-hidden">{t('subs.colSelect')}</span>
                          )}
                        </th>
                        <th scope="col">{t('subs.colText')}</th>
                        <th scope="col">{t('subs.colCategory')}</th>
                        <th scope="col">{t('subs.colType')}</th>
                        <th scope="col">{t('subs.colStatus')}</th>
                        <th scope="col">{t('subs.colSupports')}</th>
                        <th scope="col">{t('subs.colCreated')}</th>
                        <th scope="col">{t('subs.colLocation')}</th>
                        <th scope="col">{t('subs.colActions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.items.map((s) => (
                        <SubmissionRow
                          key={s.id}
                          sub={s}
                          process={p}
                          onChanged={(updated) => setMessage(t('subs.moderated', { status: t(`status.${updated.status}`) }))}
                          onCategorised={(updated) => setMessage(t('subs.categorised', { id: updated.id }))}
                          onResponded={responded}
                          selected={matching || selected.has(s.id)}
                          selectLocked={matching}
                          onSelect={(on) => select(s.id, on)}
                          canRespond={canRespond}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <Pager total={page.total} more={page.total_is_lower_bound} limit={PAGE} offset={offset} onPage={setOffset} />
            </>
          )
        }
      </QueryView>
      {p && (
        <ExportsPanel
          slug={slug}
          filters={applied}
          filtered={isFiltered(filters)}
        />
      )}
    </section>
  );
}

/** Selects or clears every submission of the page shown (the selection keeps other pages'). While
 *  every matching submission is selected, it shows so and stays put. */
function SelectPage({
  ids,
  selected,
  onSelect,
  locked,
}: {
  ids: number[];
  selected: ReadonlySet<number>;
  onSelect: (id: number, on: boolean) => void;
  locked: boolean;
}) {
  const all = locked || (ids.length > 0 && ids.every((id) => selected.has(id)));
  return (
    <input
      type="checkbox"
      checked={all}
      disabled={locked}
      onChange={(e) => {
        const on = e.currentTarget.checked;
        for (const id of ids) onSelect(id, on);
      }}
      aria-label={t('selection.page')}
    />
  );
}
