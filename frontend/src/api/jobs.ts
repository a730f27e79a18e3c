// Background jobs (analysis, training, themes): follow one by polling GET /jobs/{id} until it
// finishes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { nextPollDelay } from '../lib/jobs';
import { isJobFinished } from '../lib/vocab';
import { api, call, type Schemas } from './client';

export type JobView = Schemas['JobView'];

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
    if (isJobFinished(initial)) {
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
        if (isJobFinished(j)) {
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
