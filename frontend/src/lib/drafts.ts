// Unsent submissions kept on this device, so a reload, an ended session or a failed send never
// loses what someone wrote. One draft per process and per signed-in token, found by the token's
// id on the server (from /auth/session), never by the token itself; nothing reaches the server
// before the participant presses send. A draft is dropped once the server has acknowledged it,
// and forgotten after DRAFT_MAX_AGE_DAYS so a shared device does not keep words for ever.
import type { LocationDraft } from '../components/MapPicker';

export interface Draft {
  text: string;
  location: LocationDraft;
}

interface Stored extends Draft {
  savedAt: number;
}

const PREFIX = 'planner.draft.v1';
export const DRAFT_MAX_AGE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Where the draft of `tokenId` in process `slug` is kept. */
export function draftKey(slug: string, tokenId: number): string {
  return `${PREFIX}:${encodeURIComponent(slug)}:${tokenId}`;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (privacy settings): drafts live only on screen
  }
}

/** Nothing worth keeping: no text and no place given ("mark a place" alone is not one). */
export function isBlank(d: Draft): boolean {
  const { mode, lat, lng } = d.location;
  return d.text.trim() === '' && (mode === 'none' || (lat.trim() === '' && lng.trim() === ''));
}

function isLocation(v: unknown): v is LocationDraft {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return (l.mode === 'none' || l.mode === 'point') && typeof l.lat === 'string' && typeof l.lng === 'string';
}

/** The kept draft, or null when there is none, it is unreadable or too old. */
export function loadDraft(slug: string, tokenId: number, now: number = Date.now()): Draft | null {
  const store = storage();
  const key = draftKey(slug, tokenId);
  let raw: string | null = null;
  try {
    raw = store?.getItem(key) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    clearDraft(slug, tokenId);
    return null;
  }
  const s = parsed as Partial<Stored> | null;
  const valid = !!s && typeof s.text === 'string' && isLocation(s.location) && typeof s.savedAt === 'number';
  if (!valid || now - s.savedAt! > DRAFT_MAX_AGE_DAYS * DAY_MS) {
    clearDraft(slug, tokenId);
    return null;
  }
  const { lat, lng, mode } = s.location!;
  return { text: s.text!, location: { mode, lat, lng } };
}

/** Keeps `draft` (a blank one removes what was kept). Returns whether it is stored. */
export function saveDraft(slug: string, tokenId: number, draft: Draft, now: number = Date.now()): boolean {
  if (isBlank(draft)) {
    clearDraft(slug, tokenId);
    return false;
  }
  const { mode, lat, lng } = draft.location;
  const stored: Stored = { text: draft.text, location: { mode, lat, lng }, savedAt: now };
  try {
    storage()?.setItem(draftKey(slug, tokenId), JSON.stringify(stored));
    return !!storage();
  } catch {
    return false; // full or refused: the text stays on screen
  }
}

export function clearDraft(slug: string, tokenId: number): void {
  try {
    storage()?.removeItem(draftKey(slug, tokenId));
  } catch {
    // nothing kept, nothing to clear
  }
}
