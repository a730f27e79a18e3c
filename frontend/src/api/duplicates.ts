// Near-duplicate submissions: the groups above a similarity threshold, and marking members as
// duplicates of an original.
import { api, call, type Schemas } from './client';
import { queryKey, useMutation, useQuery } from './query';

type DuplicateMark = Schemas['DuplicateMark'];

export function useDuplicates(slug: string, threshold: number | undefined) {
  const query = threshold === undefined ? {} : { threshold };
  return useQuery(queryKey('/api/v1/processes/{slug}/duplicates', { path: { slug }, query }), () =>
    call(api.GET('/api/v1/processes/{slug}/duplicates', { params: { path: { slug }, query } })),
  );
}

/**
 * Links each submission to its original (`of`; null unlinks), one after another. `onMarked`
 * hears of each success, so what did succeed can stay on screen when a later one fails.
 */
export function useMarkDuplicates() {
  return useMutation(async (changes: { id: number; of: number | null }[], onMarked: (res: DuplicateMark) => void): Promise<number> => {
    for (const c of changes) {
      onMarked(await call(api.PUT('/api/v1/submissions/{id}/duplicate-of', { params: { path: { id: c.id } }, body: { of: c.of } })));
    }
    return changes.length;
  });
}
