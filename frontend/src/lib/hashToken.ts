// Results links carry their token after `#`, so it never reaches a server log or a Referer.

/**
 * The token from a location hash (`#eyJ…` or `#token=eyJ…`), or null when there is none or it
 * contains characters a signed token cannot have. Never stored anywhere.
 */
export function parseHashToken(hash: string | null | undefined): string | null {
  if (!hash) return null;
  let raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw.startsWith('token=')) raw = raw.slice('token='.length);
  try {
    raw = decodeURIComponent(raw);
  } catch {
    return null;
  }
  raw = raw.trim();
  if (!raw || raw.length > 4096) return null;
  return /^[A-Za-z0-9._~-]+$/.test(raw) ? raw : null;
}
