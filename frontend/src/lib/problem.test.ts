// Tests: problem documents read into ApiError (codes, field errors, retry times).
import { describe, expect, it } from 'vitest';
import { ApiError, parseRetryAfter, toApiError } from './problem';

describe('problem documents', () => {
  it('reads code, detail, request id and field errors', () => {
    const err = toApiError(
      422,
      {
        type: 'urn:planner:problem:validation_failed',
        title: 'Validation failed',
        status: 422,
        code: 'validation_failed',
        detail: 'Some fields are invalid',
        errors: [
          { field: 'text', code: 'empty', message: 'must not be empty' },
          { field: 'text', message: 'second message is ignored' },
          { field: 'location.lat', message: 'must be between -90 and 90' },
        ],
        request_id: 'r-1',
      },
      null,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.field('text')).toEqual({ field: 'text', code: 'empty', message: 'must not be empty' });
    expect(err.field('location')?.message).toBe('must be between -90 and 90');
    expect(err.field('slug')).toBeUndefined();
    expect(err.unclaimed(['text'])).toEqual(['location.lat: must be between -90 and 90']);
    expect(err.requestId).toBe('r-1');
  });

  it('takes the retry time from the body, else from the Retry-After header', () => {
    expect(toApiError(429, { code: 'rate_limited', title: 'Too many', status: 429, retry_after: 42 }, '10').retryAfter).toBe(42);
    expect(toApiError(503, { code: 'service_busy', title: 'Busy', status: 503 }, '7').retryAfter).toBe(7);
  });

  it('copes with a body that is not a problem document (a proxy error page)', () => {
    const err = toApiError(503, '<html>Bad gateway</html>', '30');
    expect(err.code).toBe('service_busy');
    expect(err.retryAfter).toBe(30);
    expect(toApiError(429, undefined, null).code).toBe('rate_limited');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    const now = Date.parse('2026-05-12T10:00:00Z');
    expect(parseRetryAfter('Tue, 12 May 2026 10:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
