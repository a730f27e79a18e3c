// A process's page for participants, `/p/<slug>`: its question, writing and "my submissions"
// for its participants, sign-in (also by a sign-in link) and registration for everyone else.
import { Fragment } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ProcessView, SessionInfo } from '../../api/client';
import { useProcess } from '../../api/processes';
import { useMutation } from '../../api/query';
import { AnswersNotice } from '../../components/participant/AnswersNotice';
import { LinkSignInDialog } from '../../components/participant/LinkSignInDialog';
import { MySubmissions } from '../../components/participant/MySubmissions';
import { PublicSubmissions } from '../../components/participant/PublicSubmissions';
import { RegisterCard } from '../../components/participant/RegisterCard';
import { SubmitForm } from '../../components/participant/SubmitForm';
import { SignInForm } from '../../components/SignInForm';
import { ErrorAlert, Loading, Notice, PageTitle } from '../../components/ui';
import { localeStore, t } from '../../i18n';
import { takeLinkToken } from '../../lib/linkToken';
import { localizeProcess } from '../../lib/translations';
import { ApiError } from '../../lib/problem';
import { navigate } from '../../lib/router';
import { currentSession, isAnonymous, isSessionLoading, sessionEnded, sessionStore, signIn } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { isAdmin, isParticipant } from '../../lib/vocab';
import { useWriter } from './useWriter';

export function ParticipantPage({ slug, tab }: { slug: string; tab: 'write' | 'mine' }) {
  const state = useStore(sessionStore);
  const writer = useWriter(state, slug);
  // Who may see a process depends on who is signed in: a new session fetches it again (lib/session).
  const fetched = useProcess(slug);
  // The process's texts in the reader's language (base text where it has none), for every part
  // of the page.
  const locale = useStore(localeStore);
  const data = useMemo(() => fetched.data && localizeProcess(fetched.data, locale), [fetched.data, locale]);
  const proc = { ...fetched, data };
  const [linkToken, setLinkToken] = useState<string | null>(null);
  const linkSignIn = useMutation(signIn, {
    onSuccess: (r) => {
      setLinkToken(null);
      // Sign-in links are for participants; a staff token with a second factor signs in on /admin.
      if ('session' in r) goAfterSignIn(r.session);
    },
  });
  useTitle(proc.data?.title);

  // A sign-in link (#token=…, or ?token=… on older printed cards): the token leaves the address
  // bar and history at once, and is kept only in this state until the visitor confirms or
  // cancels. Nothing changes about who is signed in before they confirm.
  useEffect(() => {
    const take = () => {
      const token = takeLinkToken();
      if (token) {
        setLinkToken(token);
        linkSignIn.reset();
      }
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, [slug]);

  // Signed in as someone who belongs elsewhere: admins to their pages, participants of
  // another process to theirs.
  const goAfterSignIn = (s: SessionInfo) => {
    if (isAdmin(s)) navigate('/admin');
    else if (s.process && s.process !== slug) navigate(`/p/${encodeURIComponent(s.process)}`);
  };

  const confirmLink = () => {
    if (!linkToken || linkSignIn.busy) return;
    void linkSignIn.run(linkToken);
  };
  const cancelLink = () => {
    setLinkToken(null);
    linkSignIn.reset();
  };

  const session = currentSession(state);
  // Asked about once the page knows who is signed in. A process that is not public yet has no
  // title to show before sign-in, so the question is then asked without it.
  const dialog = linkToken && !isSessionLoading(state) && !(proc.loading && !proc.data) && (
    <LinkSignInDialog
      slug={slug}
      process={proc.data ?? null}
      session={session}
      busy={linkSignIn.busy}
      error={linkSignIn.error}
      onConfirm={confirmLink}
      onCancel={cancelLink}
    />
  );

  if (proc.loading && !proc.data) return <Loading />;
  // A process that is not public is hidden again once the session ends; a form still being
  // written keeps what it had, so the participant can sign in and send.
  if ((proc.error && !(writer.ended && proc.data)) || !proc.data) {
    const notFound = proc.error instanceof ApiError && proc.error.status === 404;
    // A consultation not open for registration is shown only to its own participants, so to
    // someone not signed in it looks like no consultation at all: offer the sign-in that
    // reveals it (the server answers the same for a wrong address, on purpose).
    if (notFound && isAnonymous(state)) {
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
  const mine = isParticipant(session) && session?.process === slug;
  // Writing on after the session ended under the participant: the form stays, with sign-in.
  const resuming = writer.ended && tab === 'write';
  const base = `/p/${encodeURIComponent(slug)}`;

  return (
    <div class="page narrow stack-lg">
      <header class="process-head stack">
        <PageTitle dir="auto">{p.title}</PageTitle>
        <p class="prompt" dir="auto">{p.prompt}</p>
        {!p.submissions_open && <Notice kind="warning">{t('participant.closed')}</Notice>}
      </header>

      {mine && tab === 'write' && <AnswersNotice process={p} tokenId={session.token_id} />}
      {mine && (
        <nav class="tabs" aria-label={t('participant.sections')}>
          <a href={base} aria-current={tab === 'write' ? 'page' : undefined}>
            {t('participant.tabWrite')}
          </a>
          <a href={`${base}/mine`} aria-current={tab === 'mine' ? 'page' : undefined}>
            {t('participant.tabMine')}
          </a>
        </nav>
      )}
      {/* Its own slot, so an ended session and the sign-in after it keep the same form and text. */}
      {writer.tokenId !== null && tab === 'write' && (
        <SubmitForm key={writer.key} process={p} tokenId={writer.tokenId} sessionEnded={writer.ended} onOtherSignIn={goAfterSignIn} />
      )}
      {mine ? (
        <Fragment key={session.token_id}>
          {tab === 'mine' && <MySubmissions process={p} tokenId={session.token_id} />}
          {p.public_submissions && <PublicSubmissions process={p} />}
        </Fragment>
      ) : (
        !resuming && (
          <>
            {sessionEnded(state) && <Notice kind="warning">{t('session.ended')}</Notice>}
            {isAdmin(session) && (
              <Notice>
                {t('participant.adminHere')} <a href={`/admin/p/${encodeURIComponent(slug)}/submissions`}>{t('participant.adminLink')}</a>
              </Notice>
            )}
            {isParticipant(session) && session?.process !== slug && (
              <Notice>{t('participant.otherProcess')}</Notice>
            )}
            {isSessionLoading(state) ? (
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
        )
      )}
      {dialog}
    </div>
  );
}
