// A small History API router: paths are matched by pattern, links are plain <a href>.
import { createStore, useStore } from './store';

export const locationStore = createStore<string>(
  typeof location !== 'undefined' ? location.pathname + location.search : '/',
);

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  locationStore.set(location.pathname + location.search);
  if (!opts.replace) window.scrollTo(0, 0);
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => locationStore.set(location.pathname + location.search));
  // Same-origin links are handled here, so pages use ordinary <a href> elements.
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = (ev.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    if (a.pathname.startsWith('/api/') || a.dataset.native !== undefined) return;
    // In-page anchors (the skip link) keep their native behaviour.
    if (a.hash && a.pathname === location.pathname && a.search === location.search) return;
    ev.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
}

export function useLocation(): URL {
  const href = useStore(locationStore);
  return new URL(href, 'http://local');
}

/**
 * Matches `/p/:slug/mine` style patterns; returns the parameters or null. Parameters are
 * URI-decoded; a trailing slash is ignored.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    const seg = s[i]!;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(seg);
      } catch {
        return null;
      }
    } else if (part !== seg) {
      return null;
    }
  }
  return params;
}
