// "You said, we did": answering submissions (one, a selection, a duplicate group) with a
// response status and an optional public reply.
import { api, call, type ResponseStatus, type Schemas } from './client';
import type { ApiError } from '../lib/problem';
import { localeStore, t } from '../i18n';
import { statusNameIn } from '../lib/translations';
import { responseKey } from '../lib/vocab';
import { queryKey, useMutation, useQuery } from './query';
import { processPath } from './processes';

export type RespondRequest = Schemas['RespondRequest'];
export type RespondResult = Schemas['RespondResult'];

export function useRespond(slug: string, opts: { onSuccess?: (r: RespondResult) => void; onError?: (e: ApiError) => void } = {}) {
  return useMutation(
    (body: RespondRequest) => call(api.PUT('/api/v1/processes/{slug}/responses', { params: { path: { slug } }, body })),
    { invalidates: [`${processPath(slug)}/submissions`, `${processPath(slug)}/duplicates`], ...opts },
  );
}

export type ResponseSettings = Schemas['ResponseSettings'];
const settingsPath = (slug: string) => `${processPath(slug)}/response-settings`;

/** A process's own names for the response statuses and its notice setting (public). */
export function useResponseSettings(slug: string) {
  return useQuery(queryKey('/api/v1/processes/{slug}/response-settings', { path: { slug } }), () =>
    call(api.GET('/api/v1/processes/{slug}/response-settings', { params: { path: { slug } } })),
  );
}

export function useSaveResponseSettings(slug: string, opts: { onSuccess?: (s: ResponseSettings) => void } = {}) {
  return useMutation(
    (body: ResponseSettings) => call(api.PUT('/api/v1/processes/{slug}/response-settings', { params: { path: { slug } }, body })),
    { invalidates: [settingsPath(slug)], ...opts },
  );
}

/** The name a reader sees for `status`: the process's own in the reader's language, else its base name, else the UI's word. */
export function responseName(settings: ResponseSettings | null | undefined, status: ResponseStatus): string {
  return statusNameIn(settings, status, localeStore.get()) || t(responseKey(status));
}
