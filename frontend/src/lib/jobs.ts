// Background jobs' progress and polling rhythm (the polling itself is api/jobs.ts).
import type { Schemas } from '../api/client';
import { ApiError } from './problem';
import { isJobDone } from './vocab';

/** Share of the job done (0..1), or null while the total is unknown. */
export function jobProgress(job: Pick<Schemas['JobView'], 'done' | 'total' | 'state'>): number | null {
  if (isJobDone(job)) return 1;
  if (!job.total || job.total <= 0) return null;
  return Math.min(1, Math.max(0, job.done / job.total));
}

/** Next polling delay: quick at first, slower for long jobs, and honouring Retry-After. */
export function nextPollDelay(attempt: number, err?: unknown): number {
  if (err instanceof ApiError && err.retryAfter !== null && (err.status === 429 || err.status === 503)) {
    return Math.max(1000, err.retryAfter * 1000);
  }
  return Math.min(5000, 500 + attempt * 250);
}
