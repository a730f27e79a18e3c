// Admin: every process, with links to its settings, tokens, submissions and dashboard.
import { useProcesses } from '../../api/processes';
import { QueryView } from '../../components/QueryView';
import { PageTitle } from '../../components/ui';
import { fmtDateTime, t } from '../../i18n';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { can } from '../../lib/vocab';

export function ProcessesPage() {
  useTitle(t('processes.title'));
  const list = useProcesses();
  const session = currentSession(useStore(sessionStore));
  return (
    <section class="page stack">
      <div class="page-head">
        <PageTitle>{t('processes.title')}</PageTitle>
        {can(session, 'createProcess') && (
          <a class="btn btn-primary" href="/admin/processes/new">
            {t('processes.new')}
          </a>
        )}
      </div>
      <QueryView query={list} empty={t('processes.empty')} spinner="always">
        {(processes) => (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('processes.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('processes.colTitle')}</th>
                  <th scope="col">{t('processes.colSubmissions')}</th>
                  <th scope="col">{t('processes.colRegistration')}</th>
                  <th scope="col">{t('processes.colCreated')}</th>
                  <th scope="col">{t('processes.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {processes.map((p) => {
                  const base = `/admin/p/${encodeURIComponent(p.slug)}`;
                  return (
                    <tr key={p.slug}>
                      <th scope="row">
                        <a href={can(session, 'updateProcess') ? base : `${base}/submissions`}>{p.title}</a>
                        <div class="muted mono">{p.slug}</div>
                      </th>
                      <td>{p.submissions_open ? t('process.open') : t('process.closed')}</td>
                      <td>{p.registration_open ? t('process.registrationOpen') : t('process.registrationClosed')}</td>
                      <td>{fmtDateTime(p.created_at)}</td>
                      <td class="actions">
                        {can(session, 'listProcessTokens') && <a href={`${base}/tokens`}>{t('processNav.tokens')}</a>}
                        <a href={`${base}/submissions`}>{t('processNav.submissions')}</a>
                        <a href={`${base}/dashboard`}>{t('processNav.dashboard')}</a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
