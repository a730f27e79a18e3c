// A Chart.js chart on a canvas, loaded on first use (the caller shows the same data as a table).
import type { Chart as ChartType } from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { type ChartConfiguration, loadChart } from '../lib/charts';

/** A Chart.js canvas; the caller always renders the same data as a table too. */
export function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let chart: ChartType | null = null;
    let cancelled = false;
    loadChart()
      .then((Chart) => {
        if (!cancelled && ref.current) chart = new Chart(ref.current, config);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [config]);
  if (failed) return <p class="muted">{t('dashboard.chartFailed')}</p>;
  return (
    <div class="chart-box">
      <canvas ref={ref} role="img" aria-label={label} />
    </div>
  );
}
