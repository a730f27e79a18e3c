import { useEffect, useState } from 'preact/hooks';
import { api, call, type ProcessView } from '../../api/client';
import { SignInForm } from '../../components/SignInForm';
import { ErrorAlert, Loading, Notice, PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { ApiError, asApiError } from '../../lib/problem';
import { navigate, stripQueryParam } from '../../lib/router';
import { sessionStore, signIn } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';
import { MySubmissions } from './MySubmissions';
import { PublicSubmissions } from './PublicSubmissions';
import { RegisterCard } from './RegisterCard';
import { SubmitForm } from './SubmitForm';

export function ParticipantPage({ slug, tab }: { slug: string; tab: 'write' | 'mine' }) {
  const state = useStore(sessionStore);
  const proc = useAsync(() => call(api.GET('/api/v1/processes/{slug}', { params: { path: { slug } } })), [slug]);
  const [linkBusy, setLinkBusy] = useState(false);
  const [linkError, setLinkError] = useState<unknown>(null);
  useTitle(proc.data?.title);

  // A sign-in link (?token=…): take the token out of the address bar and history first, then
  // sign in with it. It is never written anywhere.
  useEffect(() => {
    const token = stripQueryParam('token');
    if (!token) return;
    setLinkBusy(true);
    signIn(token)
      .then((s) => {
        if (s.role === 'admin') navigate('/admin');
        else if (s.process && s.process !== slug) navigate(`/p/${encodeURIComponent(s.process)}`);
      })
      .catch((e) => setLinkError(asApiError(e)))
      .finally(() => setLinkBusy(false));
  }, [slug]);

  if (proc.loading && !proc.data) return <Loading />;
  if (proc.error || !proc.data) {
    const notFound = proc.error instanceof ApiError && proc.error.status === 404;
    return (
      <section class="page narrow stack">
        <PageTitle>{notFound ? t('participant.notFoundTitle') : t('common.errorTitle')}</PageTitle>
        {notFound ? <p>{t('participant.notFound')}</p> : <ErrorAlert error={proc.error} onRetry={proc.reload} />}
        <p>
          <a href="/">{t('notFound.home')}</a>
        </p>
      </section>
    );
  }
  const p: ProcessView = proc.data;
  const session = state.status === 'signed-in' ? state.session : null;
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
        <>
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
        </>
      ) : (
        <>
          {state.status === 'anonymous' && state.ended && <Notice kind="warning">{t('session.ended')}</Notice>}
          {linkBusy && <Loading label={t('participant.signingInLink')} />}
          <ErrorAlert error={linkError} />
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
                    onSignedIn={(s) => {
                      if (s.role === 'admin') navigate('/admin');
                      else if (s.process !== slug) navigate(`/p/${encodeURIComponent(s.process ?? '')}`);
                    }}
                  />
                </section>
                {p.registration_open && <RegisterCard process={p} />}
              </>
            )
          )}
        </>
      )}
    </div>
  );
}
