// Submissions: the lists (admin, "my submissions", public, located on the map), writing,
// editing, moderating and deleting one, and "someone already said something close".
import type { paths } from './schema.gen';
import { api, call, type Location, type Schemas, type SubmissionStatus, type SubmissionView } from './client';
import type { ApiError } from '../lib/problem';
import { queryKey, updateQueries, useMutation, useQuery } from './query';
import { processPath } from './processes';

export type SubmissionQuery = NonNullable<paths['/api/v1/processes/{slug}/submissions']['get']['parameters']['query']>;
type SubmissionPage = { items: SubmissionView[]; total: number };

const submissionsPath = (slug: string) => `${processPath(slug)}/submissions`;
const publicPath = (slug: string) => `${processPath(slug)}/public-submissions`;

/** A page of a process's submissions: all of them for admins, one's own for participants. */
export function useSubmissions(slug: string, query: SubmissionQuery) {
  return useQuery(queryKey('/api/v1/processes/{slug}/submissions', { path: { slug }, query }), () =>
    call(api.GET('/api/v1/processes/{slug}/submissions', { params: { path: { slug }, query } })),
  );
}

const MAP_PAGE = 200;
export const MAP_MAX_POINTS = 5000;

/** Every submission with a place (up to MAP_MAX_POINTS), fetched page by page, for the map. */
export function useLocatedSubmissions(slug: string, filters: { status?: SubmissionStatus; contributor_type?: string; category?: string }) {
  const query = { has_location: true, ...filters };
  // `all` only tells this key apart from a single page with the same filters.
  return useQuery(queryKey('/api/v1/processes/{slug}/submissions', { path: { slug }, query: { ...query, all: true } }), async () => {
    const items: SubmissionView[] = [];
    let total = 0;
    for (let offset = 0; offset < MAP_MAX_POINTS; offset += MAP_PAGE) {
      const page = await call(api.GET('/api/v1/processes/{slug}/submissions', { params: { path: { slug }, query: { ...query, limit: MAP_PAGE, offset } } }));
      items.push(...page.items);
      total = page.total;
      if (items.length >= page.total || page.items.length === 0) break;
    }
    return { items, total };
  });
}

export function usePublicSubmissions(slug: string, limit: number, offset: number) {
  const query = { limit, offset };
  return useQuery(queryKey('/api/v1/processes/{slug}/public-submissions', { path: { slug }, query }), () =>
    call(api.GET('/api/v1/processes/{slug}/public-submissions', { params: { path: { slug }, query } })),
  );
}

export function fetchSubmission(id: number): Promise<SubmissionView> {
  return call(api.GET('/api/v1/submissions/{id}', { params: { path: { id } } }));
}

/** Puts a fresh copy of a submission into every cached list that shows it. */
export function replaceSubmission(updated: SubmissionView): void {
  updateQueries<SubmissionPage>(submissionsPath(updated.process), (page) =>
    page.items.some((x) => x.id === updated.id) ? { ...page, items: page.items.map((x) => (x.id === updated.id ? updated : x)) } : page,
  );
}

/** Writes a submission; `contributor_type` only when an admin enters a paper one. */
export function useCreateSubmission(slug: string, opts: { onSuccess?: (s: SubmissionView) => void; onError?: (e: ApiError) => void } = {}) {
  return useMutation(
    (body: { text: string; location: Location | null; contributor_type?: string }) =>
      call(api.POST('/api/v1/processes/{slug}/submissions', { params: { path: { slug } }, body })),
    { invalidates: [submissionsPath(slug), publicPath(slug)], ...opts },
  );
}

/** Edits (owner: text and place) or moderates (admin: status and reason) a submission. */
export function useUpdateSubmission(opts: { onSuccess?: (s: SubmissionView) => void; onError?: (e: ApiError) => void } = {}) {
  return useMutation(
    (id: number, body: { text?: string; location?: Location | null; status?: SubmissionStatus; reason?: string | null }) =>
      call(api.PATCH('/api/v1/submissions/{id}', { params: { path: { id } }, body })),
    {
      ...opts,
      onSuccess: (s) => {
        replaceSubmission(s);
        opts.onSuccess?.(s);
      },
    },
  );
}

export type BulkModeration = Schemas['BulkModeration'];
export type BulkModerationResult = Schemas['BulkModerationResult'];

/** Hides, flags or restores a selection of a process's submissions with one reason (admin). */
export function useModerateMany(slug: string, opts: { onSuccess?: (r: BulkModerationResult) => void } = {}) {
  return useMutation(
    (body: BulkModeration) => call(api.PUT('/api/v1/processes/{slug}/moderation', { params: { path: { slug } }, body })),
    { invalidates: [submissionsPath(slug), publicPath(slug)], ...opts },
  );
}

export function useDeleteSubmission(slug: string, opts: { onSuccess?: () => void } = {}) {
  return useMutation((id: number) => call(api.DELETE('/api/v1/submissions/{id}', { params: { path: { id } } })), {
    invalidates: [submissionsPath(slug), publicPath(slug)],
    ...opts,
  });
}

/** The closest visible submissions to a text being written (public processes only). */
export function findSimilar(slug: string, text: string, excludeId: number | null) {
  return call(api.POST('/api/v1/processes/{slug}/similar', { params: { path: { slug } }, body: { text, exclude_id: excludeId } }));
}

/** Reports someone else's visible submission to the moderators (once per token: a repeat
 *  answers the first report). */
export function useReportSubmission(opts: { onSuccess?: () => void; onError?: (e: ApiError) => void } = {}) {
  return useMutation(
    (id: number, reason: string | null) => call(api.POST('/api/v1/submissions/{id}/report', { params: { path: { id } }, body: { reason } })),
    opts,
  );
}

export type SupportState = Schemas['SupportState'];
type PublicPage = Schemas['Page_PublicSubmission'];

/**
 * Supports a submission (`on`) or withdraws one's support (participants); every cached public
 * list shows the new count at once.
 */
export function useSupport(slug: string, opts: { onSuccess?: (s: SupportState) => void } = {}) {
  return useMutation(
    (id: number, on: boolean) => {
      const params = { params: { path: { id } } };
      return on ? call(api.PUT('/api/v1/submissions/{id}/support', params)) : call(api.DELETE('/api/v1/submissions/{id}/support', params));
    },
    {
      onSuccess: (s) => {
        updateQueries<PublicPage>(publicPath(slug), (page) =>
          page.items.some((x) => x.id === s.id)
            ? { ...page, items: page.items.map((x) => (x.id === s.id ? { ...x, supports: s.supports, supported: s.supported } : x)) }
            : page,
        );
        opts.onSuccess?.(s);
      },
    },
  );
}
