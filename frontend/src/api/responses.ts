// "You said, we did": answering submissions (one, a selection, a duplicate group) with a
// response status and an optional public reply.
import { api, call, type Schemas } from './client';
import type { ApiError } from '../lib/problem';
import { useMutation } from './query';
import { processPath } from './processes';

export type RespondRequest = Schemas['RespondRequest'];
export type RespondResult = Schemas['RespondResult'];

export function useRespond(slug: string, opts: { onSuccess?: (r: RespondResult) => void; onError?: (e: ApiError) => void } = {}) {
  return useMutation(
    (body: RespondRequest) => call(api.PUT('/api/v1/processes/{slug}/responses', { params: { path: { slug } }, body })),
    { invalidates: [`${processPath(slug)}/submissions`, `${processPath(slug)}/duplicates`], ...opts },
  );
}
