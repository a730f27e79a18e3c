import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, call, type ProcessView, type SessionInfo } from '../../api/client';
import { SignInForm } from '../../components/SignInForm';
import { ErrorAlert, Loading, Notice, PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { ApiError, asApiError } from '../../lib/problem';
import { takeLinkToken } from '../../lib/linkToken';
import { navigate } from '../../lib/router';
import { sessionStore, signIn } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';
import { LinkSignInDialog } from './LinkSignInDialog';
import { MySubmissions } from './MySubmissions';
import { PublicSubmissions } from './PublicSubmissions';
import { RegisterCard } from './RegisterCard';
import { SubmitForm } from './SubmitForm';

export function ParticipantPage({ slug, tab }: { slug: string; tab: 'write' | 'mine' }) {
  const state = useStore(sessionStore);
  // Who may see a process depends on who is signed in, so a new session fetches it again.
  const sessionKey = state.status === 'signed-in' ? state.session.token_id : 'anonymous';
  const proc = useAsync(() => call(api.GET('/api/v1/processes/{slug}', { params: { path: { slug } } })), [slug, sessionKey]);
  const [linkToken, setLinkToken] = useState<string | null>(null);
  const [linkBusy, setLinkBusy] = useState(false);
  const [linkError, setLinkError] = useState<unknown>(null);
  useTitle(proc.data?.title);

  // A sign-in link (#token=…, or ?token=… on older printed cards): the token leaves the address
  // bar and history at once, and is kept only in this state until the visitor confirms or
  // cancels. Nothing changes about who is signed in before they confirm.
  useEffect(() => {
    const take = () => {
      const token = takeLinkToken();
      if (token) {
        setLinkToken(token);
        setLinkError(null);
      }
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, [slug]);

  // Signed in as someone who belongs elsewhere: admins to their pages, participants of
  // another process to theirs.
  const goAfterSignIn = (s: SessionInfo) => {
    if (s.role === 'admin') navigate('/admin');
    else if (s.process && s.process !== slug) navigate(`/p/${encodeURIComponent(s.process)}`);
  };

  const confirmLink = () => {
    if (!linkToken || linkBusy) return;
    setLinkBusy(true);
    setLinkError(null);
    signIn(linkToken)
      .then((s) => {
        setLinkToken(null);
        goAfterSignIn(s);
      })
      .catch((e) => setLinkError(asApiError(e)))
      .finally(() => setLinkBusy(false));
  };
  const cancelLink = () => {
    setLinkToken(null);
    setLinkError(null);
  };

  const session = state.status === 'signed-in' ? state.session : null;
  // Asked about once the page knows who is signed in. A process that is not public yet has no
  // title to show before sign-in, so the question is then asked without it.
  const dialog = linkToken && state.status !== 'loading' && !(proc.loading && !proc.data) && (
    <LinkSignInDialog
      slug={slug}
      process={proc.data ?? null}
      session={session}
      busy={linkBusy}
      error={linkError}
      onConfirm={confirmLink}
      onCancel={cancelLink}
    />
  );

  if (proc.loading && !proc.data) return <Loading />;
  if (proc.error || !proc.data) {
    const notFound = proc.error instanceof ApiError && proc.error.status === 404;
    // A consultation not open for registration is shown only to its own participants, so to
    // someone not signed in it looks like no consultation at all: offer the sign-in that
    // reveals it (the server answers the same for a wrong address, on purpose).
    if (notFound && state.status === 'anonymous') {
      return (
        <section class="page narrow stack">
          <PageTitle>{t('participant.signInTitle')}</PageTitle>
          <p>{t('participant.signInToSee')}</p>
          <section class="card stack" aria-label={t('participant.signInTitle')}>
            <SignInForm
              id="p-token"
              onSignedIn={goAfterSignIn}
            />
          </section>
          <p>
            <a href="/">{t('notFound.home')}</a>
          </p>
          {dialog}
        </section>
      );
    }
    return (
      <section class="page narrow stack">
        <PageTitle>{notFound ? t('participant.notFoundTitle') : t('common.errorTitle')}</PageTitle>
        {notFound ? <p>{t('participant.notFound')}</p> : <ErrorAlert error={proc.error} onRetry={proc.reload} />}
        <p>
          <a href="/">{t('notFound.home')}</a>
        </p>
        {dialog}
      </section>
    );
  }
  const p: ProcessView = proc.data;
  const mine = session?.role === 'participant' && session.process === slug;
  const base = `/p/${encodeURIComponent(slug)}`;

  return (
    <div class="page narrow stack-lg">
      <header class="process-head stack">
        <PageTitle dir="auto">{p.title}</PageTitle>
        <p class="prompt" dir="auto">{p.prompt}</p>
        {!p.submissions_open && <Notice kind="warning">{t('participant.closed')}</Notice>}
      </header>

      {mine ? (
        <Fragment key={session.token_id}>
          <nav class="tabs" aria-label={t('participant.sections')}>
            <a href={base} aria-current={tab === 'write' ? 'page' : undefined}>
              {t('participant.tabWrite')}
            </a>
            <a href={`${base}/mine`} aria-current={tab === 'mine' ? 'page' : undefined}>
              {t('participant.tabMine')}
            </a>
          </nav>
          {tab === 'write' ? <SubmitForm process={p} /> : <MySubmissions process={p} />}
          {p.public_submissions && <PublicSubmissions process={p} />}
        </Fragment>
      ) : (
        <>
          {state.status === 'anonymous' && state.ended && <Notice kind="warning">{t('session.ended')}</Notice>}
          {session?.role === 'admin' && (
            <Notice>
              {t('participant.adminHere')} <a href={`/admin/p/${encodeURIComponent(slug)}/submissions`}>{t('participant.adminLink')}</a>
            </Notice>
          )}
          {session?.role === 'participant' && session.process !== slug && (
            <Notice>{t('participant.otherProcess')}</Notice>
          )}
          {state.status === 'loading' ? (
            <Loading />
          ) : (
            !session && (
              <>
                <section class="card stack" aria-labelledby="p-signin">
                  <h2 id="p-signin">{t('participant.signInTitle')}</h2>
                  <SignInForm
                    id="p-token"
                    onSignedIn={goAfterSignIn}
                  />
                </section>
                {p.registration_open && <RegisterCard process={p} />}
              </>
            )
          )}
        </>
      )}
      {dialog}
    </div>
  );
}
