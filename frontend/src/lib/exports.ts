// Download addresses of the exports: same-origin GETs, authenticated by the session cookie.
import { isHiddenStatus } from './vocab';

export type ExportKind = 'submissions.csv' | 'sentences.csv' | 'submissions.json' | 'submissions.geojson';

export const EXPORT_KINDS: readonly ExportKind[] = ['submissions.csv', 'sentences.csv', 'submissions.json', 'submissions.geojson'];

export interface ExportFilters {
  status?: string | undefined;
  contributor_type?: string | undefined;
  q?: string | undefined;
  created_from?: string | undefined;
  created_to?: string | undefined;
  category?: string | undefined;
}

export interface ExportOptions {
  includeHidden: boolean;
  bom: boolean;
}

export function exportUrl(slug: string, kind: ExportKind, filters: ExportFilters, opts: ExportOptions): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (typeof v === 'string' && v.trim() !== '') q.set(k, v.trim());
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
