import { describe, expect, it } from 'vitest';
import { seenKey, unseenAnswers } from './answersSeen';

describe('answers seen', () => {
  it('counts only answers newer than the last look', () => {
    const at = ['2026-11-30T10:00:00Z', '2026-11-30T12:00:00Z', null, '2026-11-30T09:00:00Z'];
    expect(unseenAnswers(at, null)).toBe(3);
    expect(unseenAnswers(at, '2026-11-30T10:00:00Z')).toBe(1);
    expect(unseenAnswers(at, '2026-11-30T12:00:00Z')).toBe(0);
  });

  it('keys by process and token row id', () => {
    expect(seenKey('plaza mayor', 42)).toBe('planner.answersSeen.v1:plaza%20mayor:42');
  });
});
