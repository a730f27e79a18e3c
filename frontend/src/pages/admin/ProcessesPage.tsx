import { api, call } from '../../api/client';
import { Empty, ErrorAlert, Loading, PageTitle } from '../../components/ui';
import { fmtDateTime, t } from '../../i18n';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';

export function ProcessesPage() {
  useTitle(t('processes.title'));
  const list = useAsync(() => call(api.GET('/api/v1/processes')), []);
  return (
    <section class="page stack">
      <div class="page-head">
        <PageTitle>{t('processes.title')}</PageTitle>
        <a class="btn btn-primary" href="/admin/processes/new">
          {t('processes.new')}
        </a>
      </div>
      {list.loading && <Loading />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && list.data.length === 0 && <Empty>{t('processes.empty')}</Empty>}
      {list.data && list.data.length > 0 && (
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
              {list.data.map((p) => {
                const base = `/admin/p/${encodeURIComponent(p.slug)}`;
                return (
                  <tr key={p.slug}>
                    <th scope="row">
                      <a href={base}>{p.title}</a>
                      <div class="muted mono">{p.slug}</div>
                    </th>
                    <td>{p.submissions_open ? t('process.open') : t('process.closed')}</td>
                    <td>{p.registration_open ? t('process.registrationOpen') : t('process.registrationClosed')}</td>
                    <td>{fmtDateTime(p.created_at)}</td>
                    <td class="actions">
                      <a href={`${base}/tokens`}>{t('processNav.tokens')}</a>
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
    </section>
  );
}
