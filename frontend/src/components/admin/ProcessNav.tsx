// The tabs of one process in the admin panel, with a breadcrumb back to the list.
import { t } from '../../i18n';
import { useLocation } from '../../lib/router';
import { currentSession, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { can, type OperationId } from '../../lib/vocab';

/** The sections of one process in the admin panel that the signed-in role may open. */
export function ProcessNav({ slug, title }: { slug: string; title?: string | undefined }) {
  const { pathname } = useLocation();
  const session = currentSession(useStore(sessionStore));
  const base = `/admin/p/${encodeURIComponent(slug)}`;
  const sections: [string, string, OperationId][] = [
    [base, t('processNav.settings'), 'updateProcess'],
    [`${base}/tokens`, t('processNav.tokens'), 'listProcessTokens'],
    [`${base}/submissions`, t('processNav.submissions'), 'listSubmissions'],
    [`${base}/dashboard`, t('processNav.dashboard'), 'getAnalytics'],
    [`${base}/map`, t('processNav.map'), 'listSubmissions'],
    [`${base}/duplicates`, t('processNav.duplicates'), 'findDuplicates'],
    [`${base}/themes`, t('processNav.themes'), 'listThemes'],
    [`${base}/review`, t('processNav.review'), 'getReviewQueue'],
    [`${base}/training`, t('processNav.training'), 'listTrainingRuns'],
    [`${base}/sharing`, t('processNav.sharing'), 'listShareLinks'],
  ];
  const items = sections.filter(([, , op]) => can(session, op));
  return (
    <div class="process-nav no-print">
      <p class="breadcrumb">
        <a href="/admin">{t('nav.processes')}</a> / <span>{title ?? slug}</span>{' '}
        <a href={`/p/${encodeURIComponent(slug)}`} class="muted">
          {t('processNav.participantView')}
        </a>
      </p>
      <nav class="tabs" aria-label={t('processNav.label')}>
        {items.map(([href, label]) => (
          <a key={href} href={href} aria-current={pathname === href ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
    </div>
  );
}
