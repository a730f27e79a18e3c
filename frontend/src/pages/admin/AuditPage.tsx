// Admin: the audit log of everything admins did, filtered by action, target and date.
import { useState } from 'preact/hooks';
import { useAudit } from '../../api/audit';
import { QueryView } from '../../components/QueryView';
import { Empty, Field, PageTitle, Pager } from '../../components/ui';
import { fmtDateTime, fmtNumber, t } from '../../i18n';
import { dayEndExclusive, dayStart } from '../../lib/dates';
import { useTitle } from '../../lib/title';
import { AUDIT_ACTIONS } from '../../lib/vocab';

const PAGE = 50;

interface Filters {
  action: string;
  target_type: string;
  target_id: string;
  from: string;
  to: string;
}
const none: Filters = { action: '', target_type: '', target_id: '', from: '', to: '' };

export function AuditPage() {
  useTitle(t('audit.title'));
  const [draft, setDraft] = useState<Filters>(none);
  const [filters, setFilters] = useState<Filters>(none);
  const [offset, setOffset] = useState(0);
  const list = useAudit({
    limit: PAGE,
    offset,
    action: filters.action.trim() || undefined,
    target_type: filters.target_type.trim() || undefined,
    target_id: filters.target_id.trim() || undefined,
    from: dayStart(filters.from),
    to: dayEndExclusive(filters.to),
  });
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setDraft((f) => ({ ...f, [k]: v }));

  return (
    <section class="page stack">
      <PageTitle>{t('audit.title')}</PageTitle>
      <p class="hint">{t('audit.intro')}</p>
      <form
        class="filters card"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilters({ ...draft });
        }}
      >
        <Field id="a-action" label={t('audit.action')} hint={t('audit.actionHint')}>
          {(aria) => (
            <>
              <input {...aria} type="text" list="audit-actions" value={draft.action} onInput={(e) => set('action', e.currentTarget.value)} />
              <datalist id="audit-actions">
                {AUDIT_ACTIONS.map((a) => (
                  <option key={a} value={a} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id="a-ttype" label={t('audit.targetType')}>
          {(aria) => <input {...aria} type="text" value={draft.target_type} onInput={(e) => set('target_type', e.currentTarget.value)} />}
        </Field>
        <Field id="a-tid" label={t('audit.targetId')}>
          {(aria) => <input {...aria} type="text" value={draft.target_id} onInput={(e) => set('target_id', e.currentTarget.value)} />}
        </Field>
        <Field id="a-from" label={t('subs.from')}>
          {(aria) => <input {...aria} type="date" value={draft.from} onInput={(e) => set('from', e.currentTarget.value)} />}
        </Field>
        <Field id="a-to" label={t('subs.to')}>
          {(aria) => <input {...aria} type="date" value={draft.to} onInput={(e) => set('to', e.currentTarget.value)} />}
        </Field>
        <div class="button-row filter-buttons">
          <button type="submit" class="btn btn-primary">
            {t('subs.apply')}
          </button>
          <button
            type="button"
            class="btn btn-secondary"
            onClick={() => {
              setDraft(none);
              setFilters(none);
              setOffset(0);
            }}
          >
            {t('subs.reset')}
          </button>
        </div>
      </form>
      <QueryView query={list} spinner="always">
        {(page) => (
          <>
            <p class="muted">{t('audit.count', { count: page.total, countText: fmtNumber(page.total) })}</p>
            {page.items.length === 0 ? (
              <Empty>{t('audit.empty')}</Empty>
            ) : (
              <div class="table-wrap">
                <table>
                  <caption class="visually-hidden">{t('audit.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.colAt')}</th>
                      <th scope="col">{t('audit.colAction')}</th>
                      <th scope="col">{t('audit.colTarget')}</th>
                      <th scope="col">{t('audit.colActor')}</th>
                      <th scope="col">{t('audit.colReason')}</th>
                      <th scope="col">{t('audit.colDetails')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((a) => (
                      <tr key={a.id}>
                        <td>{fmtDateTime(a.at)}</td>
                        <th scope="row" class="mono">
                          {a.action}
                        </th>
                        <td class="mono">{[a.target_type, a.target_id].filter(Boolean).join(' #')}</td>
                        <td>{a.actor_token_id != null ? t('audit.actorToken', { id: a.actor_token_id }) : t('audit.actorCli')}</td>
                        <td>{a.reason ?? ''}</td>
                        <td class="mono details">{a.details ? JSON.stringify(a.details) : ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager total={page.total} limit={PAGE} offset={offset} onPage={setOffset} />
          </>
        )}
      </QueryView>
    </section>
  );
}
