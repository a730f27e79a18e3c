// Pure helpers for the duplicates and themes pages: thresholds, which submission of a group is
// the original, the requests that mark the others, theme order and category mixes. No DOM, no
// API calls (unit-tested).
import { categoryName, type NamedCategory } from './analysis';

export const THRESHOLD_MIN = 0.5;
export const THRESHOLD_MAX = 1;
export const THEMES_MIN = 2;
export const THEMES_MAX = 20;

/** A threshold typed by the admin, or null when it is not a number in 0.5..1. */
export function parseThreshold(value: string): number | null {
  const text = value.trim().replace(',', '.');
  if (!/^\d*(\.\d*)?$/.test(text) || text === '' || text === '.') return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < THRESHOLD_MIN || n > THRESHOLD_MAX) return null;
  return Math.round(n * 100) / 100;
}

/** The server's threshold (an f32, e.g. 0.6000000238) for the input: at most two decimals. */
export function thresholdInput(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * The number of themes typed by the admin: undefined when left empty (the server chooses),
 * null when it is not a whole number in 2..20.
 */
export function parseThemeCount(value: string): number | undefined | null {
  const text = value.trim();
  if (text === '') return undefined;
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= THEMES_MIN && n <= THEMES_MAX ? n : null;
}

export interface DuplicateMemberLike {
  id: number;
  duplicate_of?: number | null;
}

/**
 * The original of a group as already marked: the member the most others point at (ties: the
 * lowest id), or null when no member of the group is marked as a duplicate of another member.
 */
export function markedOriginal(members: readonly DuplicateMemberLike[]): number | null {
  const ids = new Set(members.map((m) => m.id));
  const votes = new Map<number, number>();
  for (const m of members) {
    if (m.duplicate_of != null && ids.has(m.duplicate_of)) votes.set(m.duplicate_of, (votes.get(m.duplicate_of) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [id, n] of votes) {
    if (best === null || n > votes.get(best)! || (n === votes.get(best)! && id < best)) best = id;
  }
  return best;
}

/** The original to preselect: the one already marked, else the earliest submission. */
export function defaultOriginal(members: readonly DuplicateMemberLike[]): number | null {
  const marked = markedOriginal(members);
  if (marked !== null) return marked;
  const unmarked = members.filter((m) => m.duplicate_of == null);
  const pool = unmarked.length > 0 ? unmarked : members;
  return pool.length === 0 ? null : Math.min(...pool.map((m) => m.id));
}

export interface DuplicateChange {
  id: number;
  of: number | null;
}

/**
 * The requests that make `original` the original of the group: first free the original if it
 * is itself marked (the server would otherwise link to its original), then point every other
 * member at it. Members already pointing at it are left alone.
 */
export function markPlan(members: readonly DuplicateMemberLike[], original: number): DuplicateChange[] {
  const orig = members.find((m) => m.id === original);
  if (!orig) return [];
  const plan: DuplicateChange[] = [];
  if (orig.duplicate_of != null) plan.push({ id: original, of: null });
  for (const m of members) {
    if (m.id !== original && m.duplicate_of !== original) plan.push({ id: m.id, of: original });
  }
  return plan;
}

/** Members with a changed link, without mutating the input. */
export function applyMarks<T extends DuplicateMemberLike>(members: readonly T[], marks: readonly { id: number; duplicate_of?: number | null }[]): T[] {
  const byId = new Map(marks.map((m) => [m.id, m.duplicate_of ?? null]));
  return members.map((m) => (byId.has(m.id) ? { ...m, duplicate_of: byId.get(m.id)! } : m));
}

export interface ThemeLike {
  id: number;
  size: number;
}

/** Largest first; equal sizes by id so the order is stable. */
export function sortThemes<T extends ThemeLike>(themes: readonly T[]): T[] {
  return [...themes].sort((a, b) => b.size - a.size || a.id - b.id);
}

/** Sentences covered by all themes. */
export function themeSentenceTotal(themes: readonly ThemeLike[]): number {
  return themes.reduce((s, t) => s + (Number.isFinite(t.size) ? t.size : 0), 0);
}

export interface MixEntry {
  key: string;
  name: string;
  count: number;
  share: number;
}

/**
 * A theme's sentences per category as named rows: most sentences first, ties in the process's
 * category order; zero counts left out; shares of the theme's sentences (0..1).
 */
export function categoryMix(mix: Record<string, number> | null | undefined, categories: readonly NamedCategory[]): MixEntry[] {
  if (!mix) return [];
  const entries = Object.entries(mix).filter(([, n]) => typeof n === 'number' && Number.isFinite(n) && n > 0);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const order = (k: string) => {
    const i = categories.findIndex((c) => c.key === k);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return entries
    .map(([key, count]) => ({ key, name: categoryName(categories, key), count, share: total > 0 ? count / total : 0 }))
    .sort((a, b) => b.count - a.count || order(a.key) - order(b.key) || a.key.localeCompare(b.key));
}
