// Tests: export addresses carry filters and options; job progress and polling back-off.
import { describe, expect, it } from 'vitest';
import { exportUrl } from './exports';
import { jobProgress, nextPollDelay } from './jobs';
import { ApiError } from './problem';

describe('export links', () => {
  it('carry the filters and options as query parameters', () => {
    expect(exportUrl('riverfront', 'submissions.csv', {}, { includeHidden: false, bom: false })).toBe(
      '/api/v1/processes/riverfront/exports/submissions.csv',
    );
    const url = new URL(
      exportUrl('river front', 'submissions.csv', { category: 'problem', q: ' trees ', status: undefined }, { includeHidden: true, bom: true }),
      'http://x',
    );
    expect(url.pathname).toBe('/api/v1/processes/river%20front/exports/submissions.csv');
    expect(Object.fromEntries(url.searchParams)).toEqual({ category: 'problem', q: 'trees', include_hidden: 'true', bom: 'true' });
  });

  it('carry the reported and certainty filters like the list', () => {
    const url = new URL(exportUrl('r', 'submissions.json', { reported: false, confidence_below: 0.6 }, { includeHidden: false, bom: false }), 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ reported: 'false', confidence_below: '0.6' });
  });

  it('leave the byte-order mark to CSV and include hidden ones when filtering by hidden', () => {
    expect(exportUrl('r', 'submissions.json', {}, { includeHidden: false, bom: true })).not.toMatch(/bom/);
    expect(exportUrl('r', 'sentences.csv', { status: 'hidden' }, { includeHidden: false, bom: false })).toMatch(/include_hidden=true/);
  });
});

describe('job polling', () => {
  it('reports progress and backs off, honouring Retry-After', () => {
    expect(jobProgress({ state: 'running', done: 1, total: 4 })).toBe(0.25);
    expect(jobProgress({ state: 'queued', done: 0, total: 0 })).toBeNull();
    expect(jobProgress({ state: 'done', done: 0, total: 0 })).toBe(1);
    expect(nextPollDelay(0)).toBe(500);
    expect(nextPollDelay(100)).toBe(5000);
    expect(nextPollDelay(0, new ApiError({ status: 503, code: 'service_busy', retryAfter: 7 }))).toBe(7000);
  });
});
