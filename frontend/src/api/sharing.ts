// Read-only results links: a process's links (create, list, revoke) and the results page a
// link opens.
import { api, call, type Schemas } from './client';
import { processPath } from './processes';
import { queryKey, useMutation, useQuery } from './query';

const linksPath = (slug: string) => `${processPath(slug)}/share-links`;

export function useShareLinks(slug: string) {
  return useQuery(queryKey('/api/v1/processes/{slug}/share-links', { path: { slug } }), () =>
    call(api.GET('/api/v1/processes/{slug}/share-links', { params: { path: { slug } } })),
  );
}

export function useCreateShareLink(slug: string, opts: { onSuccess?: (link: Schemas['NewShareLink']) => void } = {}) {
  return useMutation(
    (body: Schemas['ShareLinkCreate']) => call(api.POST('/api/v1/processes/{slug}/share-links', { params: { path: { slug } }, body })),
    { invalidates: [linksPath(slug)], ...opts },
  );
}

export function useRevokeShareLink(slug: string, opts: { onSuccess?: () => void } = {}) {
  return useMutation((id: string) => call(api.DELETE('/api/v1/share-links/{id}', { params: { path: { id } } })), {
    invalidates: [linksPath(slug)],
    ...opts,
  });
}

/** The results behind a link's token (sent as a header, never in the address); none without one. */
export function useSharedResults(token: string | null, query: { interval: Schemas['Interval']; limit: number; offset: number }) {
  const header = { 'X-Results-Token': token ?? '' };
  return useQuery(token ? queryKey('/api/v1/shared/results', { query, header }) : null, () =>
    call(api.GET('/api/v1/shared/results', { params: { header, query } }), { quiet401: true }),
  );
}
