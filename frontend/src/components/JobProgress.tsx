// A background job's state with a progress bar once its size is known (analysis, training,
// themes).
import type { JobView } from '../api/jobs';
import { fmtNumber, fmtPct, t } from '../i18n';
import { jobProgress } from '../lib/jobs';
import { isJobFailed, jobStateKey } from '../lib/vocab';

export function JobProgress({ job, label }: { job: JobView; label: string }) {
  const share = jobProgress(job);
  return (
    <div class="job-progress stack" role="status" aria-live="polite">
      <p>
        {label}: {t(jobStateKey(job.state))}
        {job.total > 0 && <> — {t('job.count', { done: fmtNumber(job.done), total: fmtNumber(job.total) })}</>}
      </p>
      {!isJobFailed(job) && (
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
