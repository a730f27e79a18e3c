// Download links for a process's exports (CSV, JSON, GeoJSON) with the page's filters, and the
// process itself in every language.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { EXPORT_KINDS, type ExportFilters, exportFileName, type ExportKind, exportUrl, processExportUrl } from '../../lib/exports';

const LABELS: Record<ExportKind, 'exports.submissionsCsv' | 'exports.sentencesCsv' | 'exports.json' | 'exports.geojson'> = {
  'submissions.csv': 'exports.submissionsCsv',
  'sentences.csv': 'exports.sentencesCsv',
  'submissions.json': 'exports.json',
  'submissions.geojson': 'exports.geojson',
};

/**
 * Download links for the exports, with the page's filters. Plain same-origin links: the
 * session cookie authenticates the GET, and the browser streams the file.
 */
export function ExportsPanel({ slug, filters, filtered }: { slug: string; filters: ExportFilters; filtered: boolean }) {
  const [includeHidden, setIncludeHidden] = useState(false);
  const [bom, setBom] = useState(false);
  return (
    <section class="card stack exports" aria-labelledby="exports-title">
      <h2 id="exports-title">{t('exports.title')}</h2>
      <p class="hint">{filtered ? t('exports.filtered') : t('exports.all')}</p>
      <div class="choice-row">
        <label class="choice">
          <input type="checkbox" checked={includeHidden} onChange={(e) => setIncludeHidden(e.currentTarget.checked)} />
          {t('exports.includeHidden')}
        </label>
        <label class="choice">
          <input type="checkbox" checked={bom} onChange={(e) => setBom(e.currentTarget.checked)} />
          {t('exports.bom')}
        </label>
      </div>
      <ul class="export-links">
        {EXPORT_KINDS.map((kind) => (
          <li key={kind}>
            <a class="btn btn-secondary" href={exportUrl(slug, kind, filters, { includeHidden, bom })} download={exportFileName(slug, kind)}>
              {t(LABELS[kind])}
            </a>
          </li>
        ))}
        <li>
          {/* Not filtered: the process itself, with every language version of its texts. */}
          <a class="btn btn-secondary" href={processExportUrl(slug)} download={exportFileName(slug, 'process.json')}>
            {t('exports.process')}
          </a>
        </li>
      </ul>
    </section>
  );
}
