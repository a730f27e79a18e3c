import { api, call } from '../api/client';
import { SignInForm } from '../components/SignInForm';
import { Empty, ErrorAlert, Loading, PageTitle } from '../components/ui';
import { t } from '../i18n';
import { navigate } from '../lib/router';
import { sessionStore } from '../lib/session';
import { useStore } from '../lib/store';
import { useTitle } from '../lib/title';
import { useAsync } from '../lib/useAsync';

export function HomePage() {
  useTitle(null);
  const session = useStore(sessionStore);
  const who = session.status === 'signed-in' ? session.session : null;
  const processes = useAsync(() => call(api.GET('/api/v1/processes')), [who?.token_id]);

  return (
    <div class="page narrow stack-lg">
      <section class="stack">
        <PageTitle>{t('home.title')}</PageTitle>
        <p class="lead">{t('home.intro')}</p>
      </section>
      {who?.role === 'participant' && who.process && (
        <p>
          <a class="btn btn-primary" href={`/p/${encodeURIComponent(who.process)}`}>
            {t('home.continue')}
          </a>
        </p>
      )}
      {who?.role === 'admin' && (
        <p>
          <a class="btn btn-primary" href="/admin">
            {t('home.toAdmin')}
          </a>
        </p>
      )}
      {!who && session.status !== 'loading' && (
        <section class="card stack" aria-labelledby="home-signin">
          <h2 id="home-signin">{t('home.signInTitle')}</h2>
          <SignInForm
            id="home-token"
            onSignedIn={(s) => navigate(s.role === 'admin' ? '/admin' : `/p/${encodeURIComponent(s.process ?? '')}`)}
          />
        </section>
      )}
      <section class="stack" aria-labelledby="home-open">
        <h2 id="home-open">{who ? t('home.yourProcesses') : t('home.openProcesses')}</h2>
        {processes.loading && <Loading />}
        <ErrorAlert error={processes.error} onRetry={processes.reload} />
        {processes.data && processes.data.length === 0 && <Empty>{t('home.noOpen')}</Empty>}
        {processes.data && processes.data.length > 0 && (
          <ul class="card-list">
            {processes.data.map((p) => (
              <li key={p.slug} class="card">
                <h3>
                  <a href={`/p/${encodeURIComponent(p.slug)}`}>{p.title}</a>
                </h3>
                <p class="muted">{p.submissions_open ? t('process.open') : t('process.closed')}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
