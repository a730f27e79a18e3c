// Analysis: the engine's status, analytics, re-analysing a process, the review queue, and
// setting the category of a sentence or of a whole submission.
import { api, call, type Schemas, type SubmissionView } from './client';
import { queryKey, useMutation, useQuery } from './query';
import { fetchSubmission, replaceSubmission } from './submissions';

export function useAnalysisStatus() {
  return useQuery(queryKey('/api/v1/analysis/status'), () => call(api.GET('/api/v1/analysis/status')));
}

export function useAnalytics(slug: string, interval: Schemas['Interval']) {
  const query = { interval };
  return useQuery(queryKey('/api/v1/processes/{slug}/analytics', { path: { slug }, query }), () =>
    call(api.GET('/api/v1/processes/{slug}/analytics', { params: { path: { slug }, query } })),
  );
}

/** Starts analysing every submission of a process again; answers the job to follow. */
export function useReanalyse(slug: string, opts: { onSuccess?: (job: Schemas['JobView']) => void } = {}) {
  return useMutation(() => call(api.POST('/api/v1/processes/{slug}/analysis', { params: { path: { slug } }, body: { reanalyse_all: true } })), opts);
}

export function useReviewQueue(slug: string, limit: number) {
  const query = { limit, offset: 0 };
  return useQuery(queryKey('/api/v1/processes/{slug}/review-queue', { path: { slug }, query }), () =>
    call(api.GET('/api/v1/processes/{slug}/review-queue', { params: { path: { slug }, query } })),
  );
}

/** Confirms or corrects one sentence's category (the review queue). */
export function useCategoriseSentence(opts: { onSuccess?: (r: unknown, id: number, category: string) => void } = {}) {
  return useMutation((id: number, category: string) => call(api.PUT('/api/v1/sentences/{id}/category', { params: { path: { id } }, body: { category } })), opts);
}

/**
 * Sets a sentence's category (or with `whole`, every sentence of the submission), then fetches
 * the submission again so its primary category and distribution are current everywhere.
 */
export function useRecategorise(opts: { onSuccess?: (s: SubmissionView) => void } = {}) {
  return useMutation(
    async (target: { sentence: number; submission: number } | { whole: number }, category: string): Promise<SubmissionView> => {
      if ('whole' in target) {
        await call(api.PUT('/api/v1/submissions/{id}/category', { params: { path: { id: target.whole } }, body: { category } }));
        return fetchSubmission(target.whole);
      }
      await call(api.PUT('/api/v1/sentences/{id}/category', { params: { path: { id: target.sentence } }, body: { category } }));
      return fetchSubmission(target.submission);
    },
    {
      onSuccess: (s) => {
        replaceSubmission(s);
        opts.onSuccess?.(s);
      },
    },
  );
}
