import { useState } from 'preact/hooks';
import { api, call, type Schemas } from '../../api/client';
import { AnalyticsView } from '../../components/AnalyticsView';
import { ErrorAlert, Loading, PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';
import { ExportsPanel } from './ExportsPanel';
import { ProcessNav } from './ProcessNav';

type Interval = Schemas['Interval'];

export function DashboardPage({ slug }: { slug: string }) {
  const proc = useAsync(() => call(api.GET('/api/v1/processes/{slug}', { params: { path: { slug } } })), [slug]);
  useTitle(proc.data ? `${t('dashboard.title')} · ${proc.data.title}` : t('dashboard.title'));
  const [interval, setInterval] = useState<Interval>('day');
  const data = useAsync(
    () => call(api.GET('/api/v1/processes/{slug}/analytics', { params: { path: { slug }, query: { interval } } })),
    [slug, interval],
  );
  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={proc.data?.title} />
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <ErrorAlert error={proc.error ?? data.error} onRetry={data.reload} />
      {(proc.loading || data.loading) && !data.data && <Loading />}
      {proc.data && data.data && <AnalyticsView process={proc.data} data={data.data} interval={interval} onInterval={setInterval} />}
      {proc.data && <ExportsPanel slug={slug} filters={{}} filtered={false} />}
    </section>
  );
}
