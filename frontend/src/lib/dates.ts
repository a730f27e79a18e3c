// Date filters: <input type="date"> values (local days) to the RFC 3339 instants the API takes.

/** Start of the given local day, as an RFC 3339 instant. */
export function dayStart(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/** Start of the day after: an exclusive upper bound that includes the whole given day. */
export function dayEndExclusive(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1).toISOString();
}

/** A datetime-local or date value to RFC 3339 (for expiry fields). */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value.length === 10 ? `${value}T23:59:59` : value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
