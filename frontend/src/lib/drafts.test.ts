// Tests: drafts are kept per process and token id, restored, cleared, expired, and never hold a token.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clearDraft, DRAFT_MAX_AGE_DAYS, draftKey, isBlank, loadDraft, saveDraft } from './drafts';

const point = { mode: 'point' as const, lat: '40.4', lng: '-3.7' };
const none = { mode: 'none' as const, lat: '', lng: '' };
const DAY = 24 * 60 * 60 * 1000;

describe('draft store', () => {
  beforeEach(() => localStorage.clear());

  it('restores the text and place kept for the same process and token', () => {
    expect(saveDraft('river', 7, { text: 'A garden by the river', location: point })).toBe(true);
    expect(loadDraft('river', 7)).toEqual({ text: 'A garden by the river', location: point });
  });

  it('keeps drafts of different tokens and processes apart', () => {
    saveDraft('river', 7, { text: 'mine', location: none });
    saveDraft('river', 8, { text: 'theirs', location: none });
    saveDraft('park', 7, { text: 'elsewhere', location: none });
    expect(loadDraft('river', 7)?.text).toBe('mine');
    expect(loadDraft('river', 8)?.text).toBe('theirs');
    expect(loadDraft('park', 7)?.text).toBe('elsewhere');
    expect(loadDraft('park', 8)).toBeNull();
  });

  it('stores only the draft under a key made of the slug and the token id', () => {
    saveDraft('río/2', 42, { text: 'Más bancos', location: none });
    expect(localStorage.length).toBe(1);
    const key = localStorage.key(0)!;
    expect(key).toBe(draftKey('río/2', 42));
    expect(key).toMatch(/^planner\.draft\.v1:r%C3%ADo%2F2:42$/);
    expect(Object.keys(JSON.parse(localStorage.getItem(key)!)).sort()).toEqual(['location', 'savedAt', 'text']);
  });

  it('a blank draft removes what was kept, and clear forgets it', () => {
    saveDraft('river', 7, { text: 'first words', location: none });
    expect(saveDraft('river', 7, { text: '   ', location: none })).toBe(false);
    expect(loadDraft('river', 7)).toBeNull();
    saveDraft('river', 7, { text: '', location: point });
    expect(loadDraft('river', 7)?.location).toEqual(point);
    clearDraft('river', 7);
    expect(localStorage.length).toBe(0);
    expect(isBlank({ text: ' \n', location: none })).toBe(true);
    expect(isBlank({ text: '', location: { mode: 'point', lat: '', lng: ' ' } })).toBe(true);
    expect(isBlank({ text: '', location: { mode: 'point', lat: '40', lng: '' } })).toBe(false);
  });

  it('forgets drafts older than the limit and ones it cannot read', () => {
    const then = Date.UTC(2026, 0, 1);
    saveDraft('river', 7, { text: 'old words', location: none }, then);
    expect(loadDraft('river', 7, then + (DRAFT_MAX_AGE_DAYS - 1) * DAY)?.text).toBe('old words');
    expect(loadDraft('river', 7, then + (DRAFT_MAX_AGE_DAYS + 1) * DAY)).toBeNull();
    expect(localStorage.length).toBe(0);

    localStorage.setItem(draftKey('river', 7), '{not json');
    expect(loadDraft('river', 7)).toBeNull();
    localStorage.setItem(draftKey('river', 7), JSON.stringify({ text: 3, location: none, savedAt: Date.now() }));
    expect(loadDraft('river', 7)).toBeNull();
    localStorage.setItem(draftKey('river', 7), JSON.stringify({ text: 'x', location: { mode: 'elsewhere' }, savedAt: Date.now() }));
    expect(loadDraft('river', 7)).toBeNull();
  });

  it('a full or refusing storage loses nothing on screen and throws nothing', () => {
    const full = vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    try {
      expect(saveDraft('river', 7, { text: 'still on screen', location: none })).toBe(false);
      expect(full).toHaveBeenCalledOnce();
    } finally {
      full.mockRestore();
    }
    expect(loadDraft('river', 7)).toBeNull();
  });
});
