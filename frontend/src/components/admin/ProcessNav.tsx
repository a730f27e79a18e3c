// The tabs of one process in the admin panel, with a breadcrumb back to the list.
import { t } from '../../i18n';
import { useLocation } from '../../lib/router';

/** The sections of one process in the admin panel. */
export function ProcessNav({ slug, title }: { slug: string; title?: string | undefined }) {
  const { pathname } = useLocation();
  const base = `/admin/p/${encodeURIComponent(slug)}`;
  const items: [string, string][] = [
    [base, t('processNav.settings')],
    [`${base}/tokens`, t('processNav.tokens')],
    [`${base}/submissions`, t('processNav.submissions')],
    [`${base}/dashboard`, t('processNav.dashboard')],
    [`${base}/map`, t('processNav.map')],
    [`${base}/duplicates`, t('processNav.duplicates')],
    [`${base}/themes`, t('processNav.themes')],
    [`${base}/review`, t('processNav.review')],
    [`${base}/training`, t('processNav.training')],
    [`${base}/sharing`, t('processNav.sharing')],
  ];
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
