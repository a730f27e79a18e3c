// Processes: the list, one process (fetched once and kept for every page that shows it), and
// creating and editing one.
import { api, call, type ProcessView, type Schemas } from './client';
import { queryKey, useMutation, useQuery } from './query';

export const PROCESSES = '/api/v1/processes';
/** The path of one process; everything about it lies below (for invalidation). */
export const processPath = (slug: string): string => `${PROCESSES}/${encodeURIComponent(slug)}`;

export function useProcesses() {
  return useQuery(queryKey(PROCESSES), () => call(api.GET('/api/v1/processes')));
}

/** One process, or nothing while `slug` is null. Kept until it changes or the session does. */
export function useProcess(slug: string | null) {
  return useQuery(
    slug === null ? null : queryKey('/api/v1/processes/{slug}', { path: { slug } }),
    () => call(api.GET('/api/v1/processes/{slug}', { params: { path: { slug: slug! } } })),
    { keep: true },
  );
}

export function useCreateProcess(opts: { onSuccess?: (p: ProcessView) => void } = {}) {
  return useMutation((body: Schemas['ProcessCreate']) => call(api.POST('/api/v1/processes', { body })), { invalidates: [PROCESSES], ...opts });
}

export function useUpdateProcess(slug: string, opts: { onSuccess?: (p: ProcessView) => void } = {}) {
  return useMutation(
    (body: Schemas['ProcessUpdate']) => call(api.PATCH('/api/v1/processes/{slug}', { params: { path: { slug } }, body })),
    { invalidates: [PROCESSES], ...opts },
  );
}
