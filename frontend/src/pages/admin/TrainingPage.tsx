import { useState } from 'preact/hooks';
import { api, call, type Category, type Schemas } from '../../api/client';
import { fmtPct } from '../../components/Analysis';
import { Empty, ErrorAlert, Field, Loading, Notice, PageTitle } from '../../components/ui';
import { fmtDateTime, fmtNumber, t } from '../../i18n';
import { categoryName, confusionTable, type Evaluation, metricKeys, parseRunMetrics } from '../../lib/analysis';
import { type JobView, jobProgress, useJob } from '../../lib/jobs';
import { ApiError, asApiError } from '../../lib/problem';
import { useTitle } from '../../lib/title';
import { useAsync } from '../../lib/useAsync';
import { ProcessNav } from './ProcessNav';

type RunView = Schemas['RunView'];
type ExampleView = Schemas['ExampleView'];

const fmtScore = (n: number) => fmtNumber(n, { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export function TrainingPage({ slug }: { slug: string }) {
  const proc = useAsync(() => call(api.GET('/api/v1/processes/{slug}', { params: { path: { slug } } })), [slug]);
  useTitle(proc.data ? `${t('training.title')} · ${proc.data.title}` : t('training.title'));
  const status = useAsync(() => call(api.GET('/api/v1/analysis/status')), []);
  const p = proc.data;
  return (
    <section class="page stack-lg">
      <div class="stack">
        <ProcessNav slug={slug} title={p?.title} />
        <PageTitle>{t('training.title')}</PageTitle>
        {status.data && (
          <p class="engine-status">
            <strong>{status.data.engine === 'embedding' ? t('training.engineEmbedding') : t('training.engineLexical')}</strong>{' '}
            <span class="muted">({status.data.reason})</span>
            {status.data.queued_jobs > 0 && <> · {t('training.queued', { count: status.data.queued_jobs, countText: fmtNumber(status.data.queued_jobs) })}</>}
          </p>
        )}
        <ErrorAlert error={status.error} onRetry={status.reload} />
        <ErrorAlert error={proc.error} onRetry={proc.reload} />
        {proc.loading && <Loading />}
      </div>
      {p && (
        <>
          <RunsSection slug={slug} categories={p.categories} onJobDone={status.reload} />
          <ReanalyseSection slug={slug} onJobDone={status.reload} />
          <ExamplesSection slug={slug} categories={p.categories} />
        </>
      )}
    </section>
  );
}

/** A job's state with a progress bar once its size is known. */
export function JobProgress({ job, label }: { job: JobView; label: string }) {
  const share = jobProgress(job);
  const stateText =
    job.state === 'done'
      ? t('job.done')
      : job.state === 'failed'
        ? t('job.failed')
        : job.state === 'running'
          ? t('job.running')
          : t('job.queued');
  return (
    <div class="job-progress stack" role="status" aria-live="polite">
      <p>
        {label}: {stateText}
        {job.total > 0 && <> — {t('job.count', { done: fmtNumber(job.done), total: fmtNumber(job.total) })}</>}
      </p>
      {job.state !== 'failed' && (
        <progress aria-label={label} max={1} value={share ?? undefined}>
          {share !== null ? fmtPct(share) : ''}
        </progress>
      )}
      {job.errors.length > 0 && (
        <ul class="muted">
          {job.errors.slice(0, 5).map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ReanalyseSection({ slug, onJobDone }: { slug: string; onJobDone: () => void }) {
  const [started, setStarted] = useState<JobView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { job, error: pollError } = useJob(started, onJobDone);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setStarted(await call(api.POST('/api/v1/processes/{slug}/analysis', { params: { path: { slug } }, body: { reanalyse_all: true } })));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const running = !!job && job.state !== 'done' && job.state !== 'failed';
  return (
    <section class="card stack" aria-labelledby="t-reanalyse">
      <h2 id="t-reanalyse">{t('training.reanalyseTitle')}</h2>
      <p class="hint">{t('training.reanalyseHint')}</p>
      <ErrorAlert error={error ?? pollError} />
      {job && <JobProgress job={job} label={t('training.reanalyseJob')} />}
      <div>
        <button type="button" class="btn btn-secondary" onClick={start} disabled={busy || running}>
          {t('training.reanalyse')}
        </button>
      </div>
    </section>
  );
}

function RunsSection({ slug, categories, onJobDone }: { slug: string; categories: Category[]; onJobDone: () => void }) {
  const runs = useAsync(() => call(api.GET('/api/v1/processes/{slug}/training-runs', { params: { path: { slug } } })), [slug]);
  const [started, setStarted] = useState<JobView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const { job, error: pollError } = useJob(started, () => {
    runs.reload();
    onJobDone();
  });
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call(api.POST('/api/v1/processes/{slug}/training-runs', { params: { path: { slug } } }));
      setMessage(t('training.started', { id: r.run.id }));
      setStarted(r.job);
      runs.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const act = async (what: 'activate' | 'rollback', run?: RunView) => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'activate' && run) {
        await call(api.POST('/api/v1/training-runs/{id}/activate', { params: { path: { id: run.id } } }));
        setMessage(t('training.activated', { id: run.id }));
      } else {
        const res = await call(api.POST('/api/v1/processes/{slug}/model/rollback', { params: { path: { slug } } }));
        setMessage(res.active_run_id ? t('training.rolledBackTo', { id: res.active_run_id }) : t('training.rolledBackDefault'));
      }
      runs.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const running = !!job && job.state !== 'done' && job.state !== 'failed';
  const list = runs.data;
  const active = list?.runs.find((r) => r.id === list.active_run_id);
  return (
    <section class="card stack" aria-labelledby="t-runs">
      <h2 id="t-runs">{t('training.runsTitle')}</h2>
      <p class="hint">{t('training.runsHint')}</p>
      <p role="status" class="status-line">
        {message}
      </p>
      <ErrorAlert error={error ?? pollError} />
      {list && (
        <p>
          {t('training.activeModel')}: <strong>{active ? t('training.runName', { id: active.id }) : t('training.defaultModel')}</strong>
        </p>
      )}
      {job && <JobProgress job={job} label={t('training.trainJob')} />}
      <div class="button-row">
        <button type="button" class="btn btn-primary" onClick={start} disabled={busy || running}>
          {t('training.start')}
        </button>
        {list?.active_run_id != null && (
          <button type="button" class="btn btn-secondary" onClick={() => act('rollback')} disabled={busy}>
            {t('training.rollback')}
          </button>
        )}
      </div>
      <ErrorAlert error={runs.error} onRetry={runs.reload} />
      {runs.loading && !list && <Loading />}
      {list &&
        (list.runs.length === 0 ? (
          <Empty>{t('training.noRuns')}</Empty>
        ) : (
          <ol class="card-list">
            {list.runs.map((r, i) => (
              <RunCard key={r.id} run={r} categories={categories} open={i === 0} busy={busy} onActivate={() => act('activate', r)} />
            ))}
          </ol>
        ))}
    </section>
  );
}

function runStateText(state: string): string {
  switch (state) {
    case 'done':
      return t('job.done');
    case 'failed':
      return t('job.failed');
    case 'running':
      return t('job.running');
    default:
      return t('job.queued');
  }
}

function RunCard({ run, categories, open, busy, onActivate }: { run: RunView; categories: Category[]; open: boolean; busy: boolean; onActivate: () => void }) {
  const metrics = parseRunMetrics(run.metrics);
  const headingId = `run-${run.id}`;
  return (
    <li class="card run-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('training.runName', { id: run.id })}
        {run.active && <span class="badge badge-active">{t('training.active')}</span>}
      </h3>
      <p class="muted">
        {runStateText(run.state)} · {fmtDateTime(run.created_at)} · {t('training.examplesUsed', { count: run.examples, countText: fmtNumber(run.examples) })} ·{' '}
        {run.engine}
      </p>
      {run.error && <Notice kind="warning">{run.error}</Notice>}
      {run.state === 'done' && !run.active && (
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

function ExamplesSection({ slug, categories }: { slug: string; categories: Category[] }) {
  const list = useAsync(() => call(api.GET('/api/v1/processes/{slug}/training-examples', { params: { path: { slug } } })), [slug]);
  const [text, setText] = useState('');
  const [category, setCategory] = useState(categories[0]?.key ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [textErr, setTextErr] = useState<string | undefined>();
  const add = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) {
      setTextErr(t('validation.empty'));
      return;
    }
    setTextErr(undefined);
    setBusy(true);
    setError(null);
    try {
      await call(api.POST('/api/v1/processes/{slug}/training-examples', { params: { path: { slug } }, body: { text: text.trim(), category } }));
      setText('');
      setMessage(t('training.exampleAdded'));
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (ex: ExampleView) => {
    setError(null);
    try {
      await call(api.DELETE('/api/v1/training-examples/{id}', { params: { path: { id: ex.id } } }));
      setMessage(t('training.exampleDeleted'));
      if (list.data) list.setData(list.data.filter((x) => x.id !== ex.id));
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const kindText = (k: string) => (k === 'correction' ? t('training.kindCorrection') : k === 'confirmation' ? t('training.kindConfirmation') : t('training.kindExample'));
  return (
    <section class="card stack" aria-labelledby="t-examples">
      <h2 id="t-examples">{t('training.examplesTitle')}</h2>
      <p class="hint">{t('training.examplesHint')}</p>
      <p role="status" class="status-line">
        {message}
      </p>
      <ErrorAlert error={error} claimed={['text', 'category']} />
      <form class="stack" onSubmit={add} noValidate aria-labelledby="t-add">
        <h3 id="t-add">{t('training.addExample')}</h3>
        <Field id="ex-text" label={t('training.exampleText')} error={textErr ?? error?.field('text')}>
          {(aria) => <textarea {...aria} rows={2} maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <Field id="ex-category" label={t('subs.category')} error={error?.field('category')}>
          {(aria) => (
            <select {...aria} value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
              {categories.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {t('training.addExampleButton')}
          </button>
        </div>
      </form>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading />}
      {list.data &&
        (list.data.length === 0 ? (
          <Empty>{t('training.noExamples')}</Empty>
        ) : (
          <div class="table-wrap">
            <table class="examples-table">
              <caption>{t('training.examplesCaption', { count: list.data.length, countText: fmtNumber(list.data.length) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('subs.colText')}</th>
                  <th scope="col">{t('subs.colCategory')}</th>
                  <th scope="col">{t('training.kind')}</th>
                  <th scope="col">{t('training.added')}</th>
                  <th scope="col">{t('training.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((ex) => (
                  <tr key={ex.id}>
                    <td dir="auto">{ex.text}</td>
                    <td>{categoryName(categories, ex.category)}</td>
                    <td>{kindText(ex.kind)}</td>
                    <td>{fmtDateTime(ex.created_at)}</td>
                    <td class="actions">
                      <button type="button" class="btn btn-danger-outline btn-small" onClick={() => remove(ex)}>
                        {t('training.deleteExample', { id: ex.id })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
