// The start page: what this is, sign-in, and the open processes (or one's own).
import { useProcesses } from '../api/processes';
import { QueryView } from '../components/QueryView';
import { SignInForm } from '../components/SignInForm';
import { PageTitle } from '../components/ui';
import { localeStore, t } from '../i18n';
import { navigate } from '../lib/router';
import { currentSession, isSessionLoading, sessionStore } from '../lib/session';
import { useStore } from '../lib/store';
import { useTitle } from '../lib/title';
import { localizeProcess } from '../lib/translations';
import { isAdmin, isParticipant } from '../lib/vocab';

export function HomePage() {
  useTitle(null);
  const session = useStore(sessionStore);
  const who = currentSession(session);
  const processes = useProcesses();
  const locale = useStore(localeStore);

  return (
    <div class="page narrow stack-lg">
      <section class="stack">
        <PageTitle>{t('home.title')}</PageTitle>
        <p class="lead">{t('home.intro')}</p>
      </section>
      {isParticipant(who) && who?.process && (
        <p>
          <a class="btn btn-primary" href={`/p/${encodeURIComponent(who.process)}`}>
            {t('home.continue')}
          </a>
        </p>
      )}
      {isAdmin(who) && (
        <p>
          <a class="btn btn-primary" href="/admin">
            {t('home.toAdmin')}
          </a>
        </p>
      )}
      {!who && !isSessionLoading(session) && (
        <section class="card stack" aria-labelledby="home-signin">
          <h2 id="home-signin">{t('home.signInTitle')}</h2>
          <SignInForm
            id="home-token"
            onSignedIn={(s) => navigate(isAdmin(s) ? '/admin' : `/p/${encodeURIComponent(s.process ?? '')}`)}
          />
        </section>
      )}
      <section class="stack" aria-labelledby="home-open">
        <h2 id="home-open">{who ? t('home.yourProcesses') : t('home.openProcesses')}</h2>
        <QueryView query={processes} empty={t('home.noOpen')} spinner="always">
          {(list) => (
            <ul class="card-list">
              {list.map((p) => (
                <li key={p.slug} class="card">
                  <h3>
                    <a href={`/p/${encodeURIComponent(p.slug)}`}>{localizeProcess(p, locale).title}</a>
                  </h3>
                  <p class="muted">{p.submissions_open ? t('process.open') : t('process.closed')}</p>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </section>
    </div>
  );
}
