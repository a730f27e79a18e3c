// The analytics figures as charts with tables: used by the admin dashboard and the public
// results page of a results link.
import { useMemo } from 'preact/hooks';
import type { Schemas } from '../api/client';
import { directionOf, fmtDay, fmtNumber, localeStore, t } from '../i18n';
import { categoryName } from '../lib/analysis';
import type { ChartConfiguration } from '../lib/charts';
import { useStore } from '../lib/store';
import { isDaily, isSubmissionStatus, isUnanalysedBucket } from '../lib/vocab';
import { ChartCanvas } from './ChartCanvas';
import { OutcomesTable } from './OutcomesTable';
import { SupportsTable } from './SupportsTable';
import { ThemeOutcomesTable } from './ThemeOutcomesTable';
import { Empty, Field } from './ui';

type Analytics = Schemas['Analytics'];
type Interval = Schemas['Interval'];

export interface ProcessLabels {
  categories: readonly Schemas['Category'][];
  contributor_types: readonly Schemas['ContributorType'][];
}

const COLOR = '#0b5d4b';
const COLOR_2 = '#8a4b00';
const COLOR_3 = '#1a4fd0';

/** A horizontal bar chart of counts (one bar per label), mirrored for right-to-left. */
function horizontalBars(labels: string[], counts: number[], color: string, locale: string, rtl: boolean): ChartConfiguration {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label: t('dashboard.submissions'), data: counts, backgroundColor: color }] },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale,
      plugins: { legend: { display: false }, tooltip: { rtl } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl }, y: { position: rtl ? 'right' : 'left' } },
    },
  };
}

export function AnalyticsView({
  process,
  data,
  interval,
  onInterval,
  showStatus = true,
}: {
  process: ProcessLabels;
  data: Analytics;
  interval: Interval;
  onInterval: (i: Interval) => void;
  showStatus?: boolean;
}) {
  const locale = useStore(localeStore);
  const rtl = directionOf(locale) === 'rtl';
  const typeName = (k: string) => process.contributor_types.find((c) => c.key === k)?.name ?? k;
  const catName = (k: string) => (isUnanalysedBucket(k) && !process.categories.some((c) => c.key === k) ? t('analysis.unanalysed') : categoryName(process.categories, k));
  const statuses = showStatus ? Object.entries(data.by_status) : [];
  const byCategory = data.by_category ?? [];
  const crossCats = Object.keys(data.category_by_contributor_type ?? {});
  const crossOrder = [...byCategory.map((r) => r.key).filter((k) => crossCats.includes(k)), ...crossCats.filter((k) => !byCategory.some((r) => r.key === k))];
  const crossTypes = data.by_contributor_type.map((r) => r.key);

  const byType = useMemo<ChartConfiguration>(
    () => horizontalBars(data.by_contributor_type.map((r) => typeName(r.key)), data.by_contributor_type.map((r) => r.count), COLOR, locale, rtl),
    [data, locale],
  );

  const byCat = useMemo<ChartConfiguration>(
    () => horizontalBars(byCategory.map((r) => catName(r.key)), byCategory.map((r) => r.count), COLOR_3, locale, rtl),
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
            <dt>{isSubmissionStatus(s) ? t(`status.${s}`) : s}</dt>
            <dd>{fmtNumber(n)}</dd>
          </div>
        ))}
        <div class="stat">
          <dt>{t('supports.total')}</dt>
          <dd>{fmtNumber(data.supports)}</dd>
        </div>
        {data.duplicates > 0 && (
          <div class="stat">
            <dt>{t('dashboard.duplicates')}</dt>
            <dd>{fmtNumber(data.duplicates)}</dd>
          </div>
        )}
      </dl>
      <p class="hint">{t('dashboard.hiddenNote')}</p>
      {data.total === 0 ? (
        <Empty>{t('dashboard.empty')}</Empty>
      ) : (
        <>
          <section class="card stack" aria-labelledby="d-category">
            <h2 id="d-category">{t('dashboard.byCategory')}</h2>
            <ChartCanvas config={byCat} label={t('dashboard.byCategoryChart')} />
            <details>
              <summary>{t('dashboard.asTable')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('subs.colCategory')}</th>
                    <th scope="col">{t('dashboard.submissions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {byCategory.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{catName(r.key)}</th>
                      <td class="num">{fmtNumber(r.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>
          <OutcomesTable data={data} categoryName={catName} />
          {/* Moderation figures shown: the staff's dashboard, not a results link. */}
          <ThemeOutcomesTable data={data} staff={showStatus} />
          <SupportsTable data={data} categoryName={catName} typeName={typeName} />
          {crossOrder.length > 0 && (
            <section class="card stack" aria-labelledby="d-cross">
              <h2 id="d-cross">{t('dashboard.categoryByType')}</h2>
              {/* Focusable, so keyboard users can scroll it sideways on a phone. */}
              <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="d-cross">
                <table class="cross-table">
                  <caption class="visually-hidden">{t('dashboard.categoryByTypeCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('subs.colCategory')}</th>
                      {crossTypes.map((k) => (
                        <th scope="col" key={k}>
                          {typeName(k)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {crossOrder.map((c) => (
                      <tr key={c}>
                        <th scope="row">{catName(c)}</th>
                        {crossTypes.map((k) => (
                          <td class="num" key={k}>
                            {fmtNumber(data.category_by_contributor_type[c]?.[k] ?? 0)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
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
                    <th scope="col">{isDaily(interval) ? t('dashboard.day') : t('dashboard.weekOf')}</th>
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
          {data.themes.length > 0 && (
            <section class="card stack" aria-labelledby="d-themes">
              <h2 id="d-themes">{t('dashboard.themes')}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.theme')}</th>
                    <th scope="col">{t('dashboard.themeSentences')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.themes.map((theme) => (
                    <tr key={theme.id}>
                      <th scope="row">{theme.label}</th>
                      <td class="num">{fmtNumber(theme.size)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </>
      )}
    </div>
  );
}
