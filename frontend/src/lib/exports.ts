// Download addresses of the exports: same-origin GETs, authenticated by the session cookie.
import type { SubmissionFilters } from './listFilters';
import { isHiddenStatus } from './vocab';

export type ExportKind = 'submissions.csv' | 'sentences.csv' | 'submissions.json' | 'submissions.geojson';

export const EXPORT_KINDS: readonly ExportKind[] = ['submissions.csv', 'sentences.csv', 'submissions.json', 'submissions.geojson'];

/** The admin list's filters (exports take the same ones as the list). */
export type ExportFilters = { [K in keyof SubmissionFilters]?: SubmissionFilters[K] | undefined };

export interface ExportOptions {
  includeHidden: boolean;
  bom: boolean;
}

export function exportUrl(slug: string, kind: ExportKind, filters: ExportFilters, opts: ExportOptions): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (typeof v === 'string' && v.trim() !== '') q.set(k, v.trim());
    else if (typeof v === 'number' || typeof v === 'boolean') q.set(k, String(v));
  }
  // Asking for hidden submissions by status implies including them.
  if (opts.includeHidden || isHiddenStatus(filters.status)) q.set('include_hidden', 'true');
  if (opts.bom && kind.endsWith('.csv')) q.set('bom', 'true');
  const s = q.toString();
  return `/api/v1/processes/${encodeURIComponent(slug)}/exports/${kind}${s ? `?${s}` : ''}`;
}

/** The process with every language version of its texts and status names (no filters). */
export function processExportUrl(slug: string): string {
  return `/api/v1/processes/${encodeURIComponent(slug)}/exports/process.json`;
}

export function exportFileName(slug: string, kind: ExportKind | 'process.json'): string {
  return `${slug}-${kind}`;
}
