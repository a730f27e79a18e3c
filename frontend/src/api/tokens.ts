// Access tokens: a process's participant tokens (issue, list, revoke), self-registration, and
// the admin tokens.
import type { ApiError } from '../lib/problem';
import { api, call, type IssuedToken, type Schemas } from './client';
import { processPath } from './processes';
import { queryKey, useMutation, useQuery } from './query';

const tokensPath = (slug: string) => `${processPath(slug)}/tokens`;
const ADMIN_TOKENS = '/api/v1/admin/tokens';

export function useTokens(slug: string, limit: number, offset: number) {
  const query = { limit, offset };
  return useQuery(queryKey('/api/v1/processes/{slug}/tokens', { path: { slug }, query }), () =>
    call(api.GET('/api/v1/processes/{slug}/tokens', { params: { path: { slug }, query } })),
  );
}

export function useIssueTokens(slug: string, opts: { onSuccess?: (r: Schemas['IssuedTokens'], body: Schemas['IssueTokensRequest']) => void } = {}) {
  return useMutation(
    (body: Schemas['IssueTokensRequest']) => call(api.POST('/api/v1/processes/{slug}/tokens', { params: { path: { slug } }, body })),
    { invalidates: [tokensPath(slug)], ...opts },
  );
}

export function useRevokeToken(slug: string, opts: { onSuccess?: (r: unknown, id: number) => void } = {}) {
  return useMutation((id: number) => call(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })), {
    invalidates: [tokensPath(slug)],
    ...opts,
  });
}

/** "Get a token" on a process open for registration. */
export function useRegister(slug: string, opts: { onSuccess?: (r: Schemas['RegisterResponse']) => void; onError?: (e: ApiError) => void } = {}) {
  return useMutation(
    (contributor_type: string) => call(api.POST('/api/v1/processes/{slug}/register', { params: { path: { slug } }, body: { contributor_type } })),
    opts,
  );
}

export function useAdminTokens() {
  return useQuery(queryKey(ADMIN_TOKENS), () => call(api.GET('/api/v1/admin/tokens')));
}

export function useCreateAdminToken(opts: { onSuccess?: (tk: IssuedToken) => void } = {}) {
  return useMutation((body: Schemas['AdminTokenCreate']) => call(api.POST('/api/v1/admin/tokens', { body })), {
    invalidates: [ADMIN_TOKENS],
    ...opts,
  });
}

export function useRevokeAdminToken(opts: { onSuccess?: () => void } = {}) {
  return useMutation((id: number) => call(api.DELETE('/api/v1/admin/tokens/{id}', { params: { path: { id } } })), {
    invalidates: [ADMIN_TOKENS],
    ...opts,
  });
}

/** Replaces a staff token by a new one with the same role and processes (shown once). */
export function useRotateAdminToken(opts: { onSuccess?: (tk: IssuedToken) => void } = {}) {
  return useMutation((id: number) => call(api.POST('/api/v1/admin/tokens/{id}/rotate', { params: { path: { id } } })), {
    invalidates: [ADMIN_TOKENS],
    ...opts,
  });
}

/** Changes a staff token's role and scope (label and expiry stay). */
export function useChangeAdminToken(opts: { onSuccess?: () => void } = {}) {
  return useMutation(
    (id: number, body: Schemas['AdminTokenChange']) => call(api.PATCH('/api/v1/admin/tokens/{id}', { params: { path: { id } }, body })),
    { invalidates: [ADMIN_TOKENS], ...opts },
  );
}
