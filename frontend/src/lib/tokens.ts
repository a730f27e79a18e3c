// Building the one-time outputs of token issuing: sign-in links and the CSV file.
import type { IssuedToken } from '../api/client';

/**
 * The sign-in link of a participant token: `<origin>/p/<slug>#token=<token>`. The token sits in
 * the fragment, which browsers never send to a server, so it stays out of request lines, proxy
 * and CDN logs and Referer headers. The page asks before signing in with it.
 */
export function signInLink(origin: string, slug: string, token: string): string {
  return `${origin}/p/${encodeURIComponent(slug)}#token=${encodeURIComponent(token)}`;
}

/** One CSV cell: quoted when needed, and defused against spreadsheet formula injection. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tokensCsv(
  tokens: readonly IssuedToken[],
  opts: { origin: string; slug: string; contributorType: string; label?: string | null },
): string {
  const header = ['token', 'sign_in_link', 'process', 'contributor_type', 'label', 'token_id'];
  const rows = tokens.map((tk) => [
    tk.token,
    signInLink(opts.origin, opts.slug, tk.token),
    opts.slug,
    opts.contributorType,
    tk.label ?? opts.label ?? '',
    tk.id,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Offers text as a file download without a server round-trip (the data never leaves memory). */
export function downloadText(filename: string, text: string, type: string): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
