// The audit log of admin actions, filtered and paged.
import type { paths } from './schema.gen';
import { api, call } from './client';
import { queryKey, useQuery } from './query';

export type AuditQuery = NonNullable<paths['/api/v1/admin/audit']['get']['parameters']['query']>;

export function useAudit(query: AuditQuery) {
  return useQuery(queryKey('/api/v1/admin/audit', { query }), () => call(api.GET('/api/v1/admin/audit', { params: { query } })));
}
