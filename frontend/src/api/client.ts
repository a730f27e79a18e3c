// The typed API client: generated types from ../openapi.yaml (schema.gen.ts, `npm run gen:api`)
// plus openapi-fetch. Every request carries the session cookie and speaks JSON.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.gen';
import { ApiError, toApiError } from '../lib/problem';
import { PROBLEM } from '../lib/vocab';

export type Schemas = components['schemas'];
export type SessionInfo = Schemas['SessionInfo'];
export type ProcessView = Schemas['ProcessView'];
export type SubmissionView = Schemas['SubmissionView'];
export type SubmissionStatus = Schemas['SubmissionStatus'];
export type ResponseStatus = Schemas['ResponseStatus'];
export type TokenInfo = Schemas['TokenInfo'];
export type IssuedToken = Schemas['IssuedToken'];
export type AuditEntry = Schemas['AuditEntry'];
export type Location = Schemas['Location'];
export type MapView = Schemas['MapView'];
export type Category = Schemas['Category'];
export type ContributorType = Schemas['ContributorType'];

export const api = createClient<paths>({
  baseUrl: '',
  credentials: 'include',
  headers: { Accept: 'application/json' },
});

type Listener = (err: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request other than a sign-in attempt is answered 401 (session gone). */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError carrying the
 * problem document (status, code, field errors, retry time). Network failures become status 0.
 */
export async function call<T>(
  request: Promise<FetchResult<T>>,
  opts: { quiet401?: boolean } = {},
): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    throw new ApiError({ status: 0, code: PROBLEM.network, title: String(cause) });
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const err = toApiError(response.status, error, response.headers.get('Retry-After'));
  if (err.status === 401 && !opts.quiet401) {
    for (const fn of unauthenticatedListeners) fn(err);
  }
  throw err;
}
