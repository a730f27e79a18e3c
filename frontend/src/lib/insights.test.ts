// Tests: duplicate thresholds, groups and messages, and theme counts, order and category mixes.
import { describe, expect, it } from 'vitest';
import {
  applyMarks,
  categoryMix,
  defaultOriginal,
  markedOriginal,
  markPlan,
  parseThemeCount,
  parseThreshold,
  sortThemes,
  themeSentenceTotal,
  thresholdInput,
} from './insights';

describe('duplicate threshold', () => {
  it('accepts 0.5 to 1, with a comma or a point, and rounds to two decimals', () => {
    expect(parseThreshold('0.6')).toBe(0.6);
    expect(parseThreshold(' 0,75 ')).toBe(0.75);
    expect(parseThreshold('1')).toBe(1);
    expect(parseThreshold('0.5')).toBe(0.5);
    expect(parseThreshold('0.666')).toBe(0.67);
  });

  it('rejects what is out of range or not a number', () => {
    for (const v of ['', '0.49', '1.01', 'abc', '-0.6', '.', '0.6.1']) expect(parseThreshold(v), v).toBeNull();
  });

  it('shows the server float without noise', () => {
    expect(thresholdInput(0.6000000238418579)).toBe('0.6');
    expect(thresholdInput(0.85)).toBe('0.85');
  });
});

describe('number of themes', () => {
  it('is optional, a whole number from 2 to 20', () => {
    expect(parseThemeCount('')).toBeUndefined();
    expect(parseThemeCount(' 2 ')).toBe(2);
    expect(parseThemeCount('20')).toBe(20);
    for (const v of ['1', '21', '2.5', 'x', '-3']) expect(parseThemeCount(v), v).toBeNull();
  });
});

describe('duplicate groups', () => {
  const fresh = [
    { id: 7, duplicate_of: null },
    { id: 3, duplicate_of: null },
    { id: 9, duplicate_of: null },
  ];

  it('preselects the marked original, else the earliest submission', () => {
    expect(markedOriginal(fresh)).toBeNull();
    expect(defaultOriginal(fresh)).toBe(3);
    const marked = [
      { id: 3, duplicate_of: null },
      { id: 7, duplicate_of: 9 },
      { id: 9, duplicate_of: null },
    ];
    expect(markedOriginal(marked)).toBe(9);
    expect(defaultOriginal(marked)).toBe(9);
    // A link to a submission outside the group does not make an original here.
    expect(markedOriginal([{ id: 4, duplicate_of: 1 }, { id: 5 }])).toBeNull();
    expect(defaultOriginal([{ id: 4, duplicate_of: 1 }, { id: 5 }])).toBe(5);
    expect(defaultOriginal([])).toBeNull();
  });

  it('plans the requests: free the original first, then link the others, skipping those already linked', () => {
    expect(markPlan(fresh, 3)).toEqual([
      { id: 7, of: 3 },
      { id: 9, of: 3 },
    ]);
    const switched = [
      { id: 3, duplicate_of: 9 },
      { id: 7, duplicate_of: 9 },
      { id: 9, duplicate_of: null },
    ];
    expect(markPlan(switched, 3)).toEqual([
      { id: 3, of: null },
      { id: 7, of: 3 },
      { id: 9, of: 3 },
    ]);
    expect(markPlan([{ id: 1 }, { id: 2, duplicate_of: 1 }], 1)).toEqual([]);
    expect(markPlan(fresh, 42)).toEqual([]);
  });

  it('applies the server answers without touching the input', () => {
    const out = applyMarks(fresh, [{ id: 7, duplicate_of: 3 }, { id: 9, duplicate_of: null }]);
    expect(out.map((m) => m.duplicate_of)).toEqual([3, null, null]);
    expect(fresh[0]!.duplicate_of).toBeNull();
  });
});

describe('themes', () => {
  it('come largest first, stable on ties, and count their sentences', () => {
    const themes = [
      { id: 5, size: 2 },
      { id: 2, size: 7 },
      { id: 1, size: 2 },
    ];
    expect(sortThemes(themes).map((t) => t.id)).toEqual([2, 1, 5]);
    expect(themes[0]!.id).toBe(5);
    expect(themeSentenceTotal(themes)).toBe(11);
    expect(themeSentenceTotal([])).toBe(0);
  });

  it('name the category mix with counts and shares, most first, zeros left out', () => {
    const cats = [
      { key: 'vision', name: 'Vision' },
      { key: 'problem', name: 'Problem' },
    ];
    const mix = categoryMix({ problem: 1, vision: 1, other: 2, none: 0 }, cats);
    expect(mix.map((e) => [e.name, e.count, e.share])).toEqual([
      ['other', 2, 0.5],
      ['Vision', 1, 0.25],
      ['Problem', 1, 0.25],
    ]);
    expect(categoryMix(undefined, cats)).toEqual([]);
  });
});

describe('duplicate messages', () => {
  it('keep the # of a submission number inside plurals', async () => {
    const { format } = await import('../i18n');
    expect(format('en', 'dups.marked', { count: 2, countText: '2', id: 14 })).toBe('2 submissions marked as duplicates of #14.');
    expect(format('en', 'dups.marked', { count: 1, countText: '1', id: 14 })).toBe('1 submission marked as a duplicate of #14.');
    expect(format('es', 'dups.marked', { count: 2, countText: '2', id: 14 })).toBe('2 aportaciones marcadas como duplicados de n.º 14.');
  });
});
