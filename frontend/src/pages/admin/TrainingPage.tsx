// Admin: a process's model — the engine in use, training runs (start, compare, activate, roll
// back), re-analysing every submission, and the training examples.
import { useState } from 'preact/hooks';
import { useAnalysisStatus, useReanalyse } from '../../api/analysis';
import type { Category } from '../../api/client';
import { type JobView, useJob } from '../../api/jobs';
import { useProcess } from '../../api/processes';
import { useActivateRun, useRollback, useStartTraining, useTrainingRuns } from '../../api/training';
import { JobProgress } from '../../components/JobProgress';
import { ProcessNav } from '../../components/admin/ProcessNav';
import { QueryView } from '../../components/QueryView';
import { ExamplesSection } from '../../components/training/ExamplesSection';
import { RunCard } from '../../components/training/RunCard';
import { ErrorAlert, Loading, PageTitle } from '../../components/ui';
import { fmtNumber, t } from '../../i18n';
import { useTitle } from '../../lib/title';
import { engineKey, isJobRunning } from '../../lib/vocab';

export function TrainingPage({ slug }: { slug: string }) {
  const proc = useProcess(slug);
  useTitle(proc.data ? `${t('training.title')} · ${proc.data.title}` : t('training.title'));
  const status = useAnalysisStatus();
  const p = proc.data;
  return (
    <section class="page stack-lg">
      <div class="stack">
        <ProcessNav slug={slug} title={p?.title} />
        <PageTitle>{t('training.title')}</PageTitle>
        {status.data && (
          <p class="engine-status">
            <strong>{t(engineKey(status.data.engine))}</strong> <span class="muted">({status.data.reason})</span>
            {status.data.queued_jobs > 0 && <> · {t('training.queued', { count: status.data.queued_jobs, countText: fmtNumber(status.data.queued_jobs) })}</>}
          </p>
        )}
        <ErrorAlert error={status.error} onRetry={status.reload} />
        <ErrorAlert error={proc.error} onRetry={proc.reload} />
        {proc.loading && !p && <Loading />}
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

function ReanalyseSection({ slug, onJobDone }: { slug: string; onJobDone: () => void }) {
  const [started, setStarted] = useState<JobView | null>(null);
  const reanalyse = useReanalyse(slug, { onSuccess: setStarted });
  const { job, error: pollError } = useJob(started, onJobDone);
  return (
    <section class="card stack" aria-labelledby="t-reanalyse">
      <h2 id="t-reanalyse">{t('training.reanalyseTitle')}</h2>
      <p class="hint">{t('training.reanalyseHint')}</p>
      <ErrorAlert error={reanalyse.error ?? pollError} />
      {job && <JobProgress job={job} label={t('training.reanalyseJob')} />}
      <div>
        <button type="button" class="btn btn-secondary" onClick={() => void reanalyse.run()} disabled={reanalyse.busy || isJobRunning(job)}>
          {t('training.reanalyse')}
        </button>
      </div>
    </section>
  );
}

function RunsSection({ slug, categories, onJobDone }: { slug: string; categories: Category[]; onJobDone: () => void }) {
  const runs = useTrainingRuns(slug);
  const [started, setStarted] = useState<JobView | null>(null);
  const [message, setMessage] = useState('');
  const { job, error: pollError } = useJob(started, () => {
    runs.reload();
    onJobDone();
  });
  const start = useStartTraining(slug, {
    onSuccess: (r) => {
      setMessage(t('training.started', { id: r.run.id }));
      setStarted(r.job);
    },
  });
  const activate = useActivateRun(slug, { onSuccess: (_, id) => setMessage(t('training.activated', { id })) });
  const rollback = useRollback(slug, {
    onSuccess: (res) => setMessage(res.active_run_id ? t('training.rolledBackTo', { id: res.active_run_id }) : t('training.rolledBackDefault')),
  });
  const busy = start.busy || activate.busy || rollback.busy;
  // The latest attempt's failure, whichever button it was.
  const error = start.error ?? activate.error ?? rollback.error;
  const act = (run: () => Promise<unknown>, others: { reset: () => void }[]) => {
    for (const o of others) o.reset();
    void run();
  };
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
        <button type="button" class="btn btn-primary" onClick={() => act(start.run, [activate, rollback])} disabled={busy || isJobRunning(job)}>
          {t('training.start')}
        </button>
        {list?.active_run_id != null && (
          <button type="button" class="btn btn-secondary" onClick={() => act(rollback.run, [start, activate])} disabled={busy}>
            {t('training.rollback')}
          </button>
        )}
      </div>
      <QueryView query={runs} isEmpty={(l) => l.runs.length === 0} empty={t('training.noRuns')}>
        {(l) => (
          <ol class="card-list">
            {l.runs.map((r, i) => (
              <RunCard key={r.id} run={r} categories={categories} open={i === 0} busy={busy} onActivate={() => act(() => activate.run(r.id), [start, rollback])} />
            ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
}
