// A staff page the signed-in token's role does not allow (the server would refuse it too).
import { PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { useTitle } from '../../lib/title';

export function NotAllowedPage() {
  useTitle(t('notAllowed.title'));
  return (
    <section class="page narrow">
      <PageTitle>{t('notAllowed.title')}</PageTitle>
      <p>{t('notAllowed.body')}</p>
      <p>
        <a href="/admin">{t('nav.processes')}</a>
      </p>
    </section>
  );
}
