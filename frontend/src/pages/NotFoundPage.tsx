// The page for an address that leads nowhere.
import { PageTitle } from '../components/ui';
import { t } from '../i18n';
import { useTitle } from '../lib/title';

export function NotFoundPage() {
  useTitle(t('notFound.title'));
  return (
    <section class="page narrow">
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>{t('notFound.body')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </section>
  );
}
