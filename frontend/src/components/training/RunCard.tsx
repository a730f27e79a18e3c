// One training run: its state, activation, and how it scored on the held-out sentences
// (against the default model, per category, and as a confusion matrix).
import type { Category, Schemas } from '../../api/client';
import { fmtDateTime, fmtNumber, fmtPct, t } from '../../i18n';
import { categoryName, confusionTable, type Evaluation, metricKeys, parseRunMetrics } from '../../lib/analysis';
import { isJobDone, jobStateKey } from '../../lib/vocab';
import { Notice } from '../ui';

type RunView = Schemas['RunView'];

const fmtScore = (n: number) => fmtNumber(n, { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export function RunCard({ run, categories, open, busy, onActivate }: { run: RunView; categories: Category[]; open: boolean; busy: boolean; onActivate: () => void }) {
  const metrics = parseRunMetrics(run.metrics);
  const headingId = `run-${run.id}`;
  return (
    <li class="card run-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('training.runName', { id: run.id })}
        {run.active && <span class="badge badge-active">{t('training.active')}</span>}
      </h3>
      <p class="muted">
        {t(jobStateKey(run.state))} · {fmtDateTime(run.created_at)} · {t('training.examplesUsed', { count: run.examples, countText: fmtNumber(run.examples) })} ·{' '}
        {run.engine}
      </p>
      {run.error && <Notice kind="warning">{run.error}</Notice>}
      {isJobDone(run) && !run.active && (
        <div>
          <button type="button" class="btn btn-secondary btn-small" disabled={busy} onClick={onActivate} aria-describedby={headingId}>
            {t('training.activate', { id: run.id })}
          </button>
        </div>
      )}
      {metrics && (
        <details open={open}>
          <summary>{t('training.metrics')}</summary>
          <div class="stack">
            <MetricsCompare run={metrics.heldOut} baseline={metrics.baseline} />
            <PerCategory e={metrics.heldOut} categories={categories} runId={run.id} />
            <Confusion e={metrics.heldOut} categories={categories} runId={run.id} />
          </div>
        </details>
      )}
    </li>
  );
}

function MetricsCompare({ run, baseline }: { run: Evaluation; baseline: Evaluation | null }) {
  const row = (label: string, a: number, b: number | undefined) => (
    <tr>
      <th scope="row">{label}</th>
      <td class={`num${b !== undefined && a > b ? ' better' : ''}`}>{fmtPct(a)}</td>
      <td class="num">{b !== undefined ? fmtPct(b) : '—'}</td>
    </tr>
  );
  return (
    <div class="table-wrap">
      <table class="metric-compare">
        <caption>{t('training.compareCaption', { n: fmtNumber(run.n) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('training.metric')}</th>
            <th scope="col">{t('training.thisRun')}</th>
            <th scope="col">{t('training.baseline')}</th>
          </tr>
        </thead>
        <tbody>
          {row(t('training.accuracy'), run.accuracy, baseline?.accuracy)}
          {row(t('training.macroF1'), run.macro_f1, baseline?.macro_f1)}
        </tbody>
      </table>
    </div>
  );
}

function PerCategory({ e, categories, runId }: { e: Evaluation; categories: Category[]; runId: number }) {
  const keys = metricKeys(e, categories);
  return (
    <div class="table-wrap">
      <table>
        <caption>{t('training.perCategoryCaption', { id: runId })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('subs.colCategory')}</th>
            <th scope="col">{t('training.precision')}</th>
            <th scope="col">{t('training.recall')}</th>
            <th scope="col">{t('training.f1')}</th>
            <th scope="col">{t('training.support')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const s = e.per_category[k];
            return (
              <tr key={k}>
                <th scope="row">{categoryName(categories, k)}</th>
                <td class="num">{s ? fmtScore(s.precision) : '—'}</td>
                <td class="num">{s ? fmtScore(s.recall) : '—'}</td>
                <td class="num">{s ? fmtScore(s.f1) : '—'}</td>
                <td class="num">{s ? fmtNumber(s.support) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The confusion matrix as a real table: rows are the true category, columns the predicted one. */
function Confusion({ e, categories, runId }: { e: Evaluation; categories: Category[]; runId: number }) {
  const table = confusionTable(e);
  if (table.labels.length === 0) return null;
  const name = (k: string) => categoryName(categories, k);
  return (
    <div class="table-wrap">
      <table class="confusion">
        <caption>{t('training.confusionCaption', { id: runId })}</caption>
        <thead>
          <tr>
            <td />
            <th scope="colgroup" colSpan={table.labels.length}>
              {t('training.predicted')}
            </th>
            <td />
          </tr>
          <tr>
            <th scope="col">{t('training.actual')}</th>
            {table.labels.map((k) => (
              <th scope="col" key={k}>
                {name(k)}
              </th>
            ))}
            <th scope="col">{t('training.total')}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.gold}>
              <th scope="row">{name(r.gold)}</th>
              {r.cells.map((c) => (
                <td key={c.predicted} class={`num ${c.correct ? 'diag' : c.count > 0 ? 'off' : ''}`}>
                  {fmtNumber(c.count)}
                </td>
              ))}
              <td class="num">{fmtNumber(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
