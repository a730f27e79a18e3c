// The admin area's gate: admin pages for an admin session, otherwise the admin sign-in.
import type { ComponentChildren } from 'preact';
import { SignInForm } from '../../components/SignInForm';
import { Loading, Notice, PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { navigate } from '../../lib/router';
import { currentSession, isSessionLoading, sessionEnded, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { isAdmin } from '../../lib/vocab';

/** Admin pages need an admin session; otherwise the admin sign-in form. */
export function AdminGate({ children }: { children: ComponentChildren }) {
  const state = useStore(sessionStore);
  if (isSessionLoading(state)) return <Loading />;
  const session = currentSession(state);
  if (isAdmin(session)) return <>{children}</>;
  return <AdminSignIn ended={sessionEnded(state)} participant={session !== null} />;
}

function AdminSignIn({ ended, participant }: { ended: boolean; participant: boolean }) {
  useTitle(t('adminLogin.title'));
  return (
    <section class="page narrow stack">
      <PageTitle>{t('adminLogin.title')}</PageTitle>
      {ended && <Notice kind="warning">{t('session.ended')}</Notice>}
      {participant && <Notice kind="warning">{t('adminLogin.participant')}</Notice>}
      {!participant && (
        <div class="card">
          <SignInForm
            id="admin-token"
            label={t('adminLogin.tokenLabel')}
            hint={t('adminLogin.tokenHint')}
            onSignedIn={(s) => {
              if (!isAdmin(s)) navigate(`/p/${encodeURIComponent(s.process ?? '')}`);
            }}
          />
        </div>
      )}
    </section>
  );
}
