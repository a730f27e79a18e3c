// Latitude/longitude as typed by people: accepts a decimal comma, rejects out-of-range values.
import type { Location } from '../api/client';

export type CoordError = 'required' | 'number' | 'range';

export function parseCoord(raw: string, kind: 'lat' | 'lng'): number | CoordError {
  const s = raw.trim().replace(',', '.');
  if (s === '') return 'required';
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return 'number';
  const n = Number(s);
  const limit = kind === 'lat' ? 90 : 180;
  if (!Number.isFinite(n) || n < -limit || n > limit) return 'range';
  return n;
}

export function parseLocation(lat: string, lng: string): Location | { lat?: CoordError; lng?: CoordError } {
  const a = parseCoord(lat, 'lat');
  const b = parseCoord(lng, 'lng');
  if (typeof a === 'number' && typeof b === 'number') return { lat: round(a), lng: round(b) };
  return {
    ...(typeof a === 'number' ? {} : { lat: a }),
    ...(typeof b === 'number' ? {} : { lng: b }),
  };
}

export function isLocation(v: unknown): v is Location {
  return typeof v === 'object' && v !== null && typeof (v as Location).lat === 'number' && typeof (v as Location).lng === 'number';
}

/** Six decimals is ~0.1 m: plenty, and keeps numbers stable across edits. */
export function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
