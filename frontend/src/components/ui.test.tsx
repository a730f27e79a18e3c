// Tests: API errors explained in words, and submission drafts checked before sending.
import { afterEach, describe, expect, it } from 'vitest';
import { localeStore } from '../i18n';
import { ApiError } from '../lib/problem';
import { draftFrom } from './MapPicker';
import { validateDraft } from './SubmissionFields';
import { problemMessage } from './ui';

afterEach(() => localeStore.set('en'));

describe('explaining API errors', () => {
  it('explains a 429 with the time to wait', () => {
    localeStore.set('en');
    const msg = problemMessage(new ApiError({ status: 429, code: 'rate_limited', retryAfter: 120 }));
    expect(msg).toBe('Too many requests from your network right now. Please try again in 2 minutes.');
  });

  it('explains a 503 in Spanish', () => {
    localeStore.set('es');
    const msg = problemMessage(new ApiError({ status: 503, code: 'service_busy', retryAfter: 30 }));
    expect(msg).toBe('El servicio está ocupado en este momento. Inténtalo de nuevo dentro de 30 segundos.');
  });

  it('names closed consultations, bad tokens, network failures and server errors', () => {
    expect(problemMessage(new ApiError({ status: 403, code: 'submissions_closed' }))).toMatch(/closed/);
    expect(problemMessage(new ApiError({ status: 401, code: 'invalid_token' }))).toMatch(/not accepted/);
    expect(problemMessage(new ApiError({ status: 0, code: 'network' }))).toMatch(/could not be reached/);
    expect(problemMessage(new ApiError({ status: 500, code: 'internal_error', requestId: 'abc' }))).toMatch(/abc/);
  });
});

describe('submission drafts', () => {
  it('need text, and valid coordinates only when a place is chosen', () => {
    expect(validateDraft({ text: '  ', location: draftFrom(null) })).toMatchObject({ ok: false, errors: { text: expect.any(String) } });
    expect(validateDraft({ text: 'Trees', location: draftFrom(null) })).toEqual({ ok: true, text: 'Trees', location: null });
    expect(validateDraft({ text: 'Trees', location: { mode: 'point', lat: '40,5', lng: '-3.7' } })).toEqual({
      ok: true,
      text: 'Trees',
      location: { lat: 40.5, lng: -3.7 },
    });
    const bad = validateDraft({ text: 'Trees', location: { mode: 'point', lat: '', lng: '200' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.lat).toMatch(/Enter a number/);
      expect(bad.errors.lng).toMatch(/out of range/);
    }
    expect(validateDraft({ text: 'x'.repeat(5001), location: draftFrom(null) }).ok).toBe(false);
  });
});
