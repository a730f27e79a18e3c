// Tests: the admin list's filter form becomes the API's filters, empty fields left out.
import { describe, expect, it } from 'vitest';
import { apiFilters, isFiltered, noFilters } from './listFilters';

describe('list filters', () => {
  it('leave out empty fields and the order', () => {
    expect(apiFilters(noFilters)).toEqual({});
    expect(isFiltered(noFilters)).toBe(false);
    expect(isFiltered({ ...noFilters, sort: 'supports', q: '   ' })).toBe(false);
  });

  it('type what the form holds as text', () => {
    const f = apiFilters({ ...noFilters, status: 'hidden', q: ' casino ', confidence_below: '0.6', reported: 'false', from: '2026-03-01', to: 'nope' });
    expect(f).toEqual({ status: 'hidden', q: 'casino', confidence_below: 0.6, reported: false, created_from: new Date(2026, 2, 1).toISOString() });
    expect(isFiltered({ ...noFilters, reported: 'true' })).toBe(true);
  });
});
