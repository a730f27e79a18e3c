// The SPA's data layer: GET answers cached by method, path and parameters, one request for
// concurrent asks, invalidation by path prefix, and mutations that say what they change.
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { ApiError, asApiError } from '../lib/problem';

interface Entry {
  data: unknown;
  hasData: boolean;
  error: unknown;
  inFlight: Promise<void> | null;
  /** Invalidated while a request was in flight: its answer may predate the change. */
  stale: boolean;
  /** Kept after the last reader leaves (until invalidated), instead of fetched again. */
  keep: boolean;
  version: number;
  fetch: () => Promise<unknown>;
  readers: Set<() => void>;
}

const cache = new Map<string, Entry>();

interface KeyParams {
  path?: Record<string, string | number>;
  query?: Record<string, unknown>;
  header?: Record<string, string>;
}

/** JSON with sorted keys and no undefined values, so equal parameters give equal keys. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const parts = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

/** `GET /api/v1/processes/demo?{"limit":20}`: the path filled in, then query and headers. */
export function queryKey(path: string, params: KeyParams = {}, method = 'GET'): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params.path?.[name] ?? '')));
  const rest = { ...(params.query && { query: params.query }), ...(params.header && { header: params.header }) };
  return Object.keys(rest).length ? `${method} ${filled}?${stable(rest)}` : `${method} ${filled}`;
}

/** Whether a key's path is `prefix` or lies below it (`/a/b` covers `/a/b/c`, not `/a/bc`). */
function covers(prefix: string, key: string): boolean {
  const path = key.slice(key.indexOf(' ') + 1).split('?')[0]!;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(`${p}/`);
}

function notify(e: Entry): void {
  e.version++;
  for (const fn of [...e.readers]) fn();
}

function load(e: Entry): Promise<void> {
  if (e.inFlight) return e.inFlight;
  e.stale = false;
  e.error = null;
  const run = e.fetch().then(
    (data) => {
      e.data = data;
      e.hasData = true;
    },
    (err) => {
      e.error = err;
    },
  );
  e.inFlight = run.then(() => {
    e.inFlight = null;
    if (e.stale && e.readers.size > 0) void load(e);
    notify(e);
  });
  notify(e);
  return e.inFlight;
}

/** Fetches an entry again; one in flight is fetched once more when it ends. */
function refresh(e: Entry): Promise<void> {
  if (!e.inFlight) return load(e);
  e.stale = true;
  return e.inFlight;
}

/** Marks every answer under `prefix` out of date: those on screen are fetched again, the rest dropped. */
export function invalidate(prefix: string): Promise<void> {
  const reloads: Promise<void>[] = [];
  for (const [key, e] of cache) {
    if (!covers(prefix, key)) continue;
    if (e.readers.size === 0) cache.delete(key);
    else reloads.push(refresh(e));
  }
  return Promise.all(reloads).then(() => undefined);
}

/** Replaces a cached answer with what a mutation returned (no request). */
export function setQueryData<T>(key: string, update: T | ((old: T | undefined) => T)): void {
  const e = cache.get(key);
  if (!e) return;
  e.data = typeof update === 'function' ? (update as (old: T | undefined) => T)(e.data as T | undefined) : update;
  e.hasData = true;
  notify(e);
}

/** Rewrites every cached answer under `prefix`, e.g. to show a changed item in every list. */
export function updateQueries<T>(prefix: string, update: (old: T) => T): void {
  for (const [key, e] of cache) {
    if (!covers(prefix, key) || !e.hasData) continue;
    const next = update(e.data as T);
    if (next === e.data) continue;
    e.data = next;
    notify(e);
  }
}

/** Forgets everything (tests). */
export function clearQueries(): void {
  cache.clear();
}

export interface Query<T> {
  data: T | undefined;
  error: unknown;
  /** A request for this key is in flight (the first one, or a refresh). */
  loading: boolean;
  reload: () => void;
  setData: (update: T | ((old: T) => T)) => void;
}

/**
 * Reads `key` through the cache, fetching with `fetcher` when nobody has it yet; `key` null
 * means "not now". While a new key loads, the previous key's answer stays (as on a new page of
 * a list). With `keep`, the answer outlives the page until something invalidates it.
 */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>, opts: { keep?: boolean } = {}): Query<T> {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const rerender = useCallback(() => bump(undefined), []);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const previous = useRef<T | undefined>(undefined);
  const entry = key === null ? undefined : cache.get(key);
  const seen = entry?.version;

  useEffect(() => {
    if (key === null) return;
    let e = cache.get(key);
    if (!e) {
      e = { data: undefined, hasData: false, error: null, inFlight: null, stale: false, keep: false, version: 0, fetch: () => fetcherRef.current(), readers: new Set() };
      cache.set(key, e);
    }
    e.keep ||= !!opts.keep;
    e.readers.add(rerender);
    if (!e.inFlight && (!e.hasData || e.stale)) void load(e);
    else if (e.version !== seen) rerender();
    const mine = e;
    return () => {
      mine.readers.delete(rerender);
      if (mine.readers.size === 0 && !mine.keep && cache.get(key) === mine) cache.delete(key);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const data = entry?.hasData ? (entry.data as T) : key === null ? undefined : previous.current;
  if (entry?.hasData) previous.current = entry.data as T;
  return {
    data,
    error: entry?.error ?? null,
    loading: key !== null && (!entry || entry.inFlight !== null),
    reload: () => {
      if (entry) void refresh(entry);
    },
    setData: (update) => {
      if (key !== null) setQueryData<T>(key, (old) => (typeof update === 'function' ? (update as (o: T) => T)(old as T) : update));
    },
  };
}

export interface MutationOptions<A extends unknown[], R> {
  /** Path prefixes whose cached answers this changes (see invalidate). */
  invalidates?: readonly string[] | ((result: R, ...args: A) => readonly string[]);
  onSuccess?: (result: R, ...args: A) => void;
  onError?: (error: ApiError, ...args: A) => void;
}

export interface Mutation<A extends unknown[], R> {
  /**
   * Runs the request; resolves to its result, or to undefined after an error (then in `error`).
   * For requests that answer nothing, act in `onSuccess`.
   */
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: ApiError | null;
  reset: () => void;
}

/** A state-changing request with its busy flag and explained error. */
export function useMutation<A extends unknown[], R>(fn: (...args: A) => Promise<R>, opts: MutationOptions<A, R> = {}): Mutation<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef({ fn, opts });
  latest.current = { fn, opts };
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      const result = await latest.current.fn(...args);
      const { invalidates, onSuccess } = latest.current.opts;
      const prefixes = typeof invalidates === 'function' ? invalidates(result, ...args) : (invalidates ?? []);
      for (const p of prefixes) void invalidate(p);
      onSuccess?.(result, ...args);
      return result;
    } catch (err) {
      const e = asApiError(err);
      setError(e);
      latest.current.opts.onError?.(e, ...args);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
