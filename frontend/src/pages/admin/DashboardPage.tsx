import { useMemo, useState } from 'preact/hooks';
import { api, call, type ProcessView, type Schemas } from '../../api/client';
import { ChartCanvas } from '../../components/ChartCanvas';
import { Empty, ErrorAlert, Field, Loading, PageTitle } from '../../components/ui';
import { directionOf, fmtDay, fmtNumber, localeStore, t } from '../../i18n';
import type { ChartConfiguration } from '../../lib/charts';
import { useStore } from '../../lib/store';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';
import { ProcessNav } from './ProcessNav';

type Analytics = Schemas['Analytics'];
type Interval = Schemas['Interval'];

const COLOR = '#0b5d4b';
const COLOR_2 = '#8a4b00';

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
      {proc.data && data.data && <Dashboard process={proc.data} data={data.data} interval={interval} onInterval={setInterval} />}
    </section>
  );
}

function Dashboard({ process, data, interval, onInterval }: { process: ProcessView; data: Analytics; interval: Interval; onInterval: (i: Interval) => void }) {
  const locale = useStore(localeStore);
  const rtl = directionOf(locale) === 'rtl';
  const typeName = (k: string) => process.contributor_types.find((c) => c.key === k)?.name ?? k;
  const statuses = Object.entries(data.by_status);

  const byType = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: data.by_contributor_type.map((r) => typeName(r.key)),
        datasets: [{ label: t('dashboard.submissions'), data: data.by_contributor_type.map((r) => r.count), backgroundColor: COLOR }],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale,
        plugins: { legend: { display: false }, tooltip: { rtl } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl }, y: { position: rtl ? 'right' : 'left' } },
      },
    }),
    [data, locale],
  );

  const overTime = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: data.over_time.buckets.map((b) => fmtDay(b.start)),
        datasets: [{ label: t('dashboard.submissions'), data: data.over_time.buckets.map((b) => b.count), backgroundColor: COLOR_2, maxBarThickness: 56 }],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale,
        plugins: { legend: { display: false }, tooltip: { rtl } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, position: rtl ? 'right' : 'left' }, x: { reverse: rtl } },
      },
    }),
    [data, locale],
  );

  return (
    <div class="stack-lg">
      <dl class="stat-grid">
        <div class="stat">
          <dt>{t('dashboard.total')}</dt>
          <dd>{fmtNumber(data.total)}</dd>
        </div>
        <div class="stat">
          <dt>{t('dashboard.located')}</dt>
          <dd>{fmtNumber(data.located)}</dd>
        </div>
        <div class="stat">
          <dt>{t('dashboard.unlocated')}</dt>
          <dd>{fmtNumber(data.unlocated)}</dd>
        </div>
        {statuses.map(([s, n]) => (
          <div class="stat" key={s}>
            <dt>{s === 'visible' || s === 'hidden' || s === 'flagged' ? t(`status.${s}`) : s}</dt>
            <dd>{fmtNumber(n)}</dd>
          </div>
        ))}
      </dl>
      <p class="hint">{t('dashboard.hiddenNote')}</p>
      {data.total === 0 ? (
        <Empty>{t('dashboard.empty')}</Empty>
      ) : (
        <>
          <section class="card stack" aria-labelledby="d-type">
            <h2 id="d-type">{t('dashboard.byType')}</h2>
            <ChartCanvas config={byType} label={t('dashboard.byTypeChart')} />
            <details>
              <summary>{t('dashboard.asTable')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('subs.colType')}</th>
                    <th scope="col">{t('dashboard.submissions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.by_contributor_type.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{typeName(r.key)}</th>
                      <td class="num">{fmtNumber(r.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>
          <section class="card stack" aria-labelledby="d-time">
            <div class="page-head">
              <h2 id="d-time">{t('dashboard.overTime')}</h2>
              <Field id="d-interval" label={t('dashboard.interval')} class="inline-field">
                {(aria) => (
                  <select {...aria} value={interval} onChange={(e) => onInterval(e.currentTarget.value as Interval)}>
                    <option value="day">{t('dashboard.byDay')}</option>
                    <option value="week">{t('dashboard.byWeek')}</option>
                  </select>
                )}
              </Field>
            </div>
            <ChartCanvas config={overTime} label={t('dashboard.overTimeChart')} />
            <details>
              <summary>{t('dashboard.asTable')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{interval === 'day' ? t('dashboard.day') : t('dashboard.weekOf')}</th>
                    <th scope="col">{t('dashboard.submissions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.over_time.buckets.map((b) => (
                    <tr key={b.start}>
                      <th scope="row">{fmtDay(b.start)}</th>
                      <td class="num">{fmtNumber(b.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>
        </>
      )}
    </div>
  );
}
