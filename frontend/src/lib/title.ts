// The document title of the current page.
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';

/** Sets the document title for the current page. */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  }, [title]);
}
