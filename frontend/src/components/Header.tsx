// The site header: brand, the admin's navigation, the language switch and sign-out.
import { LOCALES, localeStore, setLocale, t } from '../i18n';
import { navigate } from '../lib/router';
import { currentSession, sessionStore, signOut } from '../lib/session';
import { useStore } from '../lib/store';
import { can, isAdmin, isParticipant } from '../lib/vocab';

export function Header({ path }: { path: string }) {
  const locale = useStore(localeStore);
  const state = useStore(sessionStore);
  const session = currentSession(state);

  const doSignOut = async () => {
    const dest = isParticipant(session) && session?.process ? `/p/${encodeURIComponent(session.process)}` : isAdmin(session) ? '/admin' : '/';
    try {
      await signOut();
    } finally {
      navigate(dest);
    }
  };

  const link = (href: string, label: string, exact = false) => {
    const current = exact ? path === href : path === href || path.startsWith(`${href}/`);
    return (
      <a href={href} aria-current={current ? 'page' : undefined}>
        {label}
      </a>
    );
  };

  return (
    <header class="site-header no-print">
      <div class="header-inner">
        <a class="brand" href={isAdmin(session) ? '/admin' : '/'}>
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28" focusable="false">
            <rect width="32" height="32" rx="6" fill="#0b5d4b" />
            <path d="M16 6a7 7 0 0 0-7 7c0 5.3 7 13 7 13s7-7.7 7-13a7 7 0 0 0-7-7zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5z" fill="#fff" />
          </svg>
          <span>{t('app.name')}</span>
        </a>
        {isAdmin(session) && (
          <nav class="admin-nav" aria-label={t('nav.admin')}>
            {link('/admin', t('nav.processes'), true)}
            {can(session, 'listAdminTokens') && link('/admin/tokens', t('nav.adminTokens'))}
            {can(session, 'listAuditEntries') && link('/admin/audit', t('nav.audit'))}
            {can(session, 'startTotpEnrolment') && link('/admin/security', t('nav.security'))}
          </nav>
        )}
        <div class="header-tools">
          <label class="lang-switch">
            <span class="lang-label">{t('nav.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.currentTarget.value)}>
              {Object.entries(LOCALES).map(([code, info]) => (
                <option key={code} value={code} lang={code}>
                  {info.name}
                </option>
              ))}
            </select>
          </label>
          {session && (
            <button type="button" class="btn btn-secondary" onClick={doSignOut}>
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}
