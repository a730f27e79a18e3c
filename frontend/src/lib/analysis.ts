// Pure helpers for the analysis views: category names, distributions, training metrics and
// the confusion matrix, colours for map markers. No DOM, no API calls (unit-tested).

export interface NamedCategory {
  key: string;
  name: string;
}

/** The process's name for a category key; unknown keys show as themselves. */
export function categoryName(categories: readonly NamedCategory[], key: string | null | undefined): string {
  if (!key) return '';
  return categories.find((c) => c.key === key)?.name ?? key;
}

export interface DistributionEntry {
  key: string;
  name: string;
  share: number;
}

/**
 * A submission's category distribution as a list: largest share first, ties in the process's
 * category order, zero shares left out.
 */
export function distributionEntries(dist: Record<string, number> | null | undefined, categories: readonly NamedCategory[]): DistributionEntry[] {
  if (!dist) return [];
  const order = (k: string) => {
    const i = categories.findIndex((c) => c.key === k);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return Object.entries(dist)
    .filter(([, share]) => typeof share === 'number' && Number.isFinite(share) && share > 0)
    .map(([key, share]) => ({ key, name: categoryName(categories, key), share }))
    .sort((a, b) => b.share - a.share || order(a.key) - order(b.key) || a.key.localeCompare(b.key));
}

/** "Objective 50% · Problem 50%": `pct` formats a 0..1 share in the reader's locale. */
export function formatDistribution(entries: readonly DistributionEntry[], pct: (share: number) => string): string {
  return entries.map((e) => `${e.name} ${pct(e.share)}`).join(' · ');
}

export interface CategoryScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  n: number;
  accuracy: number;
  macro_f1: number;
  labels: string[];
  confusion: number[][];
  per_category: Record<string, CategoryScore>;
}

export interface RunMetrics {
  heldOut: Evaluation;
  baseline: Evaluation | null;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Reads one evaluation block defensively: the API types `metrics` as a free-form object. */
export function parseEvaluation(v: unknown): Evaluation | null {
  if (!isObj(v)) return null;
  const labels = Array.isArray(v.labels) ? v.labels.filter((l): l is string => typeof l === 'string') : [];
  const confusion = Array.isArray(v.confusion)
    ? v.confusion.map((row) => (Array.isArray(row) ? row.map(num) : []))
    : [];
  const per: Record<string, CategoryScore> = {};
  if (isObj(v.per_category)) {
    for (const [k, s] of Object.entries(v.per_category)) {
      if (isObj(s)) per[k] = { precision: num(s.precision), recall: num(s.recall), f1: num(s.f1), support: num(s.support) };
    }
  }
  if (typeof v.accuracy !== 'number' && typeof v.macro_f1 !== 'number') return null;
  return { n: num(v.n), accuracy: num(v.accuracy), macro_f1: num(v.macro_f1), labels, confusion, per_category: per };
}

export function parseRunMetrics(m: unknown): RunMetrics | null {
  if (!isObj(m)) return null;
  const heldOut = parseEvaluation(m.held_out);
  if (!heldOut) return null;
  return { heldOut, baseline: parseEvaluation(m.baseline) };
}

export interface ConfusionCell {
  predicted: string;
  count: number;
  correct: boolean;
}

export interface ConfusionRow {
  gold: string;
  cells: ConfusionCell[];
  total: number;
}

export interface ConfusionTable {
  /** Column (predicted) labels, in `labels` order. */
  labels: string[];
  rows: ConfusionRow[];
  /** Column sums: how often each label was predicted. */
  predictedTotals: number[];
}

/**
 * Shapes `confusion[gold][predicted]` (in `labels` order) into table rows. Ragged or short
 * rows are padded with zeros, so the table is always square.
 */
export function confusionTable(e: Pick<Evaluation, 'labels' | 'confusion'>): ConfusionTable {
  const labels = e.labels;
  const rows = labels.map((gold, g) => {
    const src = e.confusion[g] ?? [];
    const cells = labels.map((predicted, p) => ({ predicted, count: num(src[p]), correct: g === p }));
    return { gold, cells, total: cells.reduce((s, c) => s + c.count, 0) };
  });
  const predictedTotals = labels.map((_, p) => rows.reduce((s, r) => s + (r.cells[p]?.count ?? 0), 0));
  return { labels, rows, predictedTotals };
}

/** Categories in the process's order first, then any other keys seen in the metrics. */
export function metricKeys(e: Evaluation, categories: readonly NamedCategory[]): string[] {
  const seen = new Set([...e.labels, ...Object.keys(e.per_category)]);
  const ordered = categories.map((c) => c.key).filter((k) => seen.has(k));
  return [...ordered, ...[...seen].filter((k) => !ordered.includes(k)).sort()];
}

/**
 * Marker colours for categories: dark enough for white text (contrast at least 4.5:1) and never
 * the only cue — markers also carry the category's number, which the legend names.
 */
export const CATEGORY_COLOURS = ['#0b5d4b', '#8a4b00', '#1a4fd0', '#a4161a', '#6b3fa0', '#005f73', '#7a3b69', '#4f5861'] as const;
export const UNCATEGORISED_COLOUR = '#3d4349';

export function categoryColour(categories: readonly NamedCategory[], key: string | null | undefined): string {
  const i = key ? categories.findIndex((c) => c.key === key) : -1;
  return i < 0 ? UNCATEGORISED_COLOUR : CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!;
}

/** CSS class with the category's colour (`cat-0`…`cat-7`, `cat-none`), as in CATEGORY_COLOURS. */
export function categoryClass(categories: readonly NamedCategory[], key: string | null | undefined): string {
  const i = key ? categories.findIndex((c) => c.key === key) : -1;
  return i < 0 ? 'cat-none' : `cat-${i % CATEGORY_COLOURS.length}`;
}

/** The marker label: 1-based position of the category in the process, or "?" when unknown. */
export function categoryMarkerLabel(categories: readonly NamedCategory[], key: string | null | undefined): string {
  const i = key ? categories.findIndex((c) => c.key === key) : -1;
  return i < 0 ? '?' : String(i + 1);
}

/** WCAG relative luminance contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const n = parseInt(hex.slice(1), 16);
    const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
