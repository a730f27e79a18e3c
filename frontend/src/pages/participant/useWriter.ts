// Whose submission form a process page shows. Normally the participant signed in here; when
// their session ends under them (expired, timed out, token revoked) the form stays theirs, text
// and all, with a sign-in beside it, and the next participant sign-in takes it over unchanged.
// Any other change of person starts a fresh form (`key`).
import { useRef } from 'preact/hooks';
import { currentSession, type SessionState, sessionEnded } from '../../lib/session';
import { isParticipant } from '../../lib/vocab';

export interface Writer {
  /** The token id the form's draft is kept under, or null when no form is shown. */
  tokenId: number | null;
  /** The session ended while the form was open: sign in again to send. */
  ended: boolean;
  /** Changes when a different person takes the form over. */
  key: number;
}

export function useWriter(state: SessionState, slug: string): Writer {
  const ref = useRef<Writer>({ tokenId: null, ended: false, key: 0 });
  const w = ref.current;
  const session = currentSession(state);
  if (session && isParticipant(session) && session.process === slug) {
    if (w.tokenId !== session.token_id) {
      if (!w.ended) w.key++;
      w.tokenId = session.token_id;
    }
    w.ended = false;
  } else if (sessionEnded(state) && w.tokenId !== null) {
    w.ended = true;
  } else {
    w.tokenId = null;
    w.ended = false;
  }
  return { ...w };
}
