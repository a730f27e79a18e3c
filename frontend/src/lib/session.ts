// Who is signed in, from the HttpOnly session cookie via GET /auth/session. The token itself is
// never kept anywhere in the page after sign-in, and never in web storage.
import { api, call, onUnauthenticated, type SessionInfo } from '../api/client';
import { createStore } from './store';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; ended?: boolean }
  | { status: 'signed-in'; session: SessionInfo };

export const sessionStore = createStore<SessionState>({ status: 'loading' });

export async function refreshSession(): Promise<void> {
  try {
    const session = await call(api.GET('/api/v1/auth/session'), { quiet401: true });
    sessionStore.set({ status: 'signed-in', session });
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 401) sessionStore.set({ status: 'anonymous' });
    else throw e;
  }
}

export async function signIn(token: string): Promise<SessionInfo> {
  const session = await call(api.POST('/api/v1/auth/login', { body: { token: token.trim() } }), {
    quiet401: true,
  });
  sessionStore.set({ status: 'signed-in', session });
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await call(api.POST('/api/v1/auth/logout'), { quiet401: true });
  } finally {
    sessionStore.set({ status: 'anonymous' });
  }
}

// A 401 on any other request means the session ended under us: the token was revoked or
// expired, or the session timed out. Pages then show the sign-in form with an explanation.
onUnauthenticated(() => {
  if (sessionStore.get().status === 'signed-in') sessionStore.set({ status: 'anonymous', ended: true });
});
