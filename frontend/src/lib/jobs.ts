// Background jobs (analysis, training): poll GET /api/v1/jobs/{id} until they finish.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, call, type Schemas } from '../api/client';
import { ApiError } from './problem';

export type JobView = Schemas['JobView'];

export function jobFinished(job: Pick<JobView, 'state'>): boolean {
  return job.state === 'done' || job.state === 'failed';
}

/** Share of the job done (0..1), or null while the total is unknown. */
export function jobProgress(job: Pick<JobView, 'done' | 'total' | 'state'>): number | null {
  if (job.state === 'done') return 1;
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

/**
 * Follows one job: returns its latest state, polling until it is done or failed. `onFinished`
 * runs once when it ends.
 */
export function useJob(initial: JobView | null, onFinished?: (job: JobView) => void): { job: JobView | null; error: unknown } {
  const [job, setJob] = useState<JobView | null>(initial);
  const [error, setError] = useState<unknown>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const id = initial?.id ?? null;
  useEffect(() => {
    setJob(initial);
    setError(null);
    if (!initial) return;
    if (jobFinished(initial)) {
      finished.current?.(initial);
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    const tick = async () => {
      let delay: number;
      try {
        const j = await call(api.GET('/api/v1/jobs/{id}', { params: { path: { id: initial.id } } }));
        if (stopped) return;
        setJob(j);
        setError(null);
        if (jobFinished(j)) {
          finished.current?.(j);
          return;
        }
        delay = nextPollDelay(attempt++);
      } catch (e) {
        if (stopped) return;
        setError(e);
        delay = nextPollDelay(attempt++, e);
      }
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, nextPollDelay(attempt++));
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  return { job, error };
}
