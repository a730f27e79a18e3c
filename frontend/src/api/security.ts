// Second factors (TOTP): the signed-in staff member's own enrolment, the owner's reset of
// someone else's, and the owner's requirement for all staff.
import { refreshSession } from '../lib/session';
import { api, call, type Schemas } from './client';
import { queryKey, useMutation, useQuery } from './query';

const SETTINGS = '/api/v1/admin/security';

export function useStartTotp(opts: { onSuccess?: (e: Schemas['TotpEnrolment']) => void } = {}) {
  return useMutation(() => call(api.POST('/api/v1/auth/totp')), opts);
}

export function useConfirmTotp(opts: { onSuccess?: (r: Schemas['RecoveryCodes']) => void } = {}) {
  return useMutation(
    async (code: string) => {
      const codes = await call(api.POST('/api/v1/auth/totp/confirm', { body: { code } }));
      // The session now says enrolled (and a session that had to enrol is free again).
      await refreshSession();
      return codes;
    },
    opts,
  );
}

export function useResetTotp(opts: { onSuccess?: () => void } = {}) {
  return useMutation((id: number) => call(api.DELETE('/api/v1/admin/tokens/{id}/totp', { params: { path: { id } } })), {
    invalidates: ['/api/v1/admin/tokens'],
    ...opts,
  });
}

export function useSecuritySettings() {
  return useQuery(queryKey(SETTINGS), () => call(api.GET('/api/v1/admin/security')));
}

export function useUpdateSecuritySettings(opts: { onSuccess?: () => void } = {}) {
  return useMutation(
    async (body: Schemas['SecuritySettings']) => {
      const settings = await call(api.PUT('/api/v1/admin/security', { body }));
      await refreshSession();
      return settings;
    },
    { invalidates: [SETTINGS], ...opts },
  );
}
