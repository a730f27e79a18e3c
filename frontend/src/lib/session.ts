// Who is signed in, from the HttpOnly session cookie via GET /auth/session. The token itself is
// never kept anywhere in the page after sign-in, and never in web storage.
import { api, call, onUnauthenticated, type Schemas, type SessionInfo } from '../api/client';
import { invalidate } from '../api/query';
import { createStore } from './store';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; ended?: boolean }
  | { status: 'signed-in'; session: SessionInfo };

export const sessionStore = createStore<SessionState>({ status: 'loading' });

/** Who is signed in, or null (while loading too). */
export const currentSession = (state: SessionState): SessionInfo | null => (state.status === 'signed-in' ? state.session : null);
export const isSessionLoading = (state: SessionState): boolean => state.status === 'loading';
export const isAnonymous = (state: SessionState): boolean => state.status === 'anonymous';
/** Signed out by the server (revoked, expired or timed out), not by the visitor. */
export const sessionEnded = (state: SessionState): boolean => state.status === 'anonymous' && !!state.ended;

// What the API answers depends on who asks: a new session (or none) fetches again whatever is
// on screen and forgets the rest.
let who = whoOf(sessionStore.get());
function whoOf(state: SessionState): string {
  return state.status === 'signed-in' ? String(state.session.token_id) : 'anonymous';
}
sessionStore.subscribe((state) => {
  const next = whoOf(state);
  if (next === who) return;
  who = next;
  void invalidate('/');
});

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

/** Signed in, or the token is right and its second factor is asked for next. */
export type SignInResult = { session: SessionInfo } | { secondFactor: true };

export async function signIn(token: string): Promise<SignInResult> {
  const answer = await call(api.POST('/api/v1/auth/login', { body: { token: token.trim() } }), {
    quiet401: true,
  });
  if ('second_factor_required' in answer) return { secondFactor: true };
  sessionStore.set({ status: 'signed-in', session: answer });
  return { session: answer };
}

/** The second step of a staff sign-in: a code from the authenticator app or a recovery code. */
export async function verifySecondFactor(body: Schemas['SecondFactorRequest']): Promise<SessionInfo> {
  const session = await call(api.POST('/api/v1/auth/second-factor', { body }), { quiet401: true });
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
  if (currentSession(sessionStore.get())) sessionStore.set({ status: 'anonymous', ended: true });
});
