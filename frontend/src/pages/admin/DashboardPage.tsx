// Admin: a process's dashboard — analytics over time, by type, category and status — and the
// exports.
import { useState } from 'preact/hooks';
import { useAnalytics } from '../../api/analysis';
import type { Schemas } from '../../api/client';
import { useProcess } from '../../api/processes';
import { ExportsPanel } from '../../components/admin/ExportsPanel';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { AnalyticsView } from '../../components/AnalyticsView';
import { ErrorAlert, Loading, PageTitle } from '../../components/ui';
import { t } from '../../i18n';
import { useTitle } from '../../lib/title';

type Interval = Schemas['Interval'];

export function DashboardPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('dashboard.title')} · ${proc.data.title}` : t('dashboard.title'));
  const [interval, setInterval] = useState<Interval>('day');
  const data = useAnalytics(slug, interval);
  return (
    <section class="page stack">
      <ProcessNav slug={slug} title={proc.data?.title} />
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <ErrorAlert error={proc.error ?? data.error} onRetry={proc.error ? proc.reload : data.reload} />
      {(proc.loading || data.loading) && !data.data && <Loading />}
      {proc.data && data.data && <AnalyticsView process={proc.data} data={data.data} interval={interval} onInterval={setInterval} />}
      {proc.data && <ExportsPanel slug={slug} filters={{}} filtered={false} />}
    </section>
  );
}
