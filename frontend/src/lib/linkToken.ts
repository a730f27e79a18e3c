// The token of a participant sign-in link. Current links carry it in the fragment
// (`/p/<slug>#token=…`), which browsers never send to a server; links printed before that
// carry it in the query (`?token=…`) and are still accepted. Either way it is taken out of the
// address bar at once, and the page asks before signing in with it.
import { parseHashToken } from './hashToken';
import { locationStore } from './router';

/**
 * The token of a sign-in link in `href`, or null. Only an explicit `#token=` counts in the
 * fragment (a bare `#main` from the skip link is not a token); the fragment wins over an old
 * `?token=` when both are present.
 */
export function linkTokenOf(href: string): string | null {
  const url = new URL(href, 'http://local');
  if (url.hash.startsWith('#token=')) return parseHashToken(url.hash);
  const query = url.searchParams.get('token');
  return query === null ? null : parseHashToken(query);
}

/**
 * The address without any sign-in token: `?token=` is dropped from the query and a `#token=`
 * fragment is dropped entirely; everything else is kept.
 */
export function withoutLinkToken(href: string): string {
  const url = new URL(href, 'http://local');
  const hadQuery = url.searchParams.has('token');
  url.searchParams.delete('token');
  const rest = url.searchParams.toString();
  const search = rest ? `?${rest}` : hadQuery ? '' : url.search;
  const hash = url.hash.startsWith('#token=') ? '' : url.hash;
  return url.pathname + search + hash;
}

/**
 * Takes a sign-in link's token out of the address bar and returns it (null when there is none).
 * The address is replaced in place, so the token stays in neither the address bar nor the
 * history. The token is never written anywhere.
 */
export function takeLinkToken(): string | null {
  if (typeof location === 'undefined') return null;
  const href = location.pathname + location.search + location.hash;
  const clean = withoutLinkToken(href);
  if (clean === href) return null;
  const token = linkTokenOf(href);
  history.replaceState(history.state, '', clean);
  locationStore.set(location.pathname + location.search);
  return token;
}
