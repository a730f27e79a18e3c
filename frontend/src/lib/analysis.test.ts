// Tests: category distributions, training metrics and map marker colours.
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_COLOURS,
  categoryClass,
  categoryMarkerLabel,
  categoryName,
  confusionTable,
  contrastRatio,
  distributionEntries,
  formatDistribution,
  metricKeys,
  parseRunMetrics,
  UNCATEGORISED_COLOUR,
} from './analysis';

const cats = [
  { key: 'vision', name: 'Vision' },
  { key: 'problem', name: 'Problem' },
  { key: 'objective', name: 'Objective' },
];
const pct = (n: number) => `${Math.round(n * 100)}%`;

describe('category distribution', () => {
  it('names categories from the process and keeps unknown keys', () => {
    expect(categoryName(cats, 'problem')).toBe('Problem');
    expect(categoryName(cats, 'other')).toBe('other');
    expect(categoryName(cats, null)).toBe('');
  });

  it('orders by share, ties in the process order, and drops zeros', () => {
    const e = distributionEntries({ problem: 0.5, objective: 0.5, vision: 0 }, cats);
    expect(e.map((x) => x.key)).toEqual(['problem', 'objective']);
    expect(formatDistribution(e, pct)).toBe('Problem 50% · Objective 50%');
    expect(formatDistribution(distributionEntries({ objective: 0.25, vision: 0.75 }, cats), pct)).toBe('Vision 75% · Objective 25%');
    expect(distributionEntries(undefined, cats)).toEqual([]);
  });
});

const metrics = {
  engine: 'lexical',
  held_out: {
    n: 6,
    accuracy: 4 / 6,
    macro_f1: 0.6,
    labels: ['vision', 'problem'],
    confusion: [
      [3, 1],
      [1, 1],
    ],
    per_category: { vision: { precision: 0.75, recall: 0.75, f1: 0.75, support: 4 }, problem: { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 } },
  },
  baseline: { n: 6, accuracy: 0.5, macro_f1: 0.4, labels: ['vision', 'problem'], confusion: [[2, 2], [1, 1]], per_category: {} },
};

describe('training metrics', () => {
  it('reads held-out and baseline figures, and rejects what is not metrics', () => {
    const m = parseRunMetrics(metrics)!;
    expect(m.heldOut.accuracy).toBeCloseTo(0.667, 3);
    expect(m.baseline?.macro_f1).toBe(0.4);
    expect(m.heldOut.per_category.problem?.support).toBe(2);
    expect(parseRunMetrics(null)).toBeNull();
    expect(parseRunMetrics({ held_out: 'x' })).toBeNull();
    expect(parseRunMetrics({ held_out: { accuracy: 1 } })?.baseline).toBeNull();
  });

  it('shapes the confusion matrix: rows are gold, columns predicted, diagonal marked, ragged rows padded', () => {
    const table = confusionTable(parseRunMetrics(metrics)!.heldOut);
    expect(table.labels).toEqual(['vision', 'problem']);
    expect(table.rows.map((r) => r.cells.map((c) => c.count))).toEqual([
      [3, 1],
      [1, 1],
    ]);
    expect(table.rows[0]!.cells.map((c) => c.correct)).toEqual([true, false]);
    expect(table.rows.map((r) => r.total)).toEqual([4, 2]);
    expect(table.predictedTotals).toEqual([4, 2]);
    const ragged = confusionTable({ labels: ['a', 'b'], confusion: [[1]] });
    expect(ragged.rows.map((r) => r.cells.map((c) => c.count))).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });

  it('lists metric categories in the process order, extra keys last', () => {
    const e = parseRunMetrics({ held_out: { accuracy: 1, labels: ['zeta', 'problem', 'vision'], per_category: {} } })!.heldOut;
    expect(metricKeys(e, cats)).toEqual(['vision', 'problem', 'zeta']);
  });
});

describe('map marker colours', () => {
  it('have at least 4.5:1 contrast with their white label and number each category', () => {
    for (const c of [...CATEGORY_COLOURS, UNCATEGORISED_COLOUR]) expect(contrastRatio(c, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(categoryMarkerLabel(cats, 'objective')).toBe('3');
    expect(categoryMarkerLabel(cats, null)).toBe('?');
    expect(categoryClass(cats, 'vision')).toBe('cat-0');
    expect(categoryClass(cats, 'nope')).toBe('cat-none');
  });
});
