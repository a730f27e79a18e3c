// Tests: the API vocabularies' helpers (job states, statuses, roles, problem codes).
import { describe, expect, it } from 'vitest';
import * as v from './vocab';

describe('vocabularies', () => {
  it('tell finished jobs from running ones and name each state', () => {
    expect(v.JOB_STATES.filter((state) => v.isJobFinished({ state }))).toEqual(['done', 'failed']);
    expect(v.isJobRunning({ state: 'queued' })).toBe(true);
    expect(v.isJobRunning(null)).toBe(false);
    expect(v.JOB_STATES.map(v.jobStateKey)).toEqual(['job.queued', 'job.running', 'job.done', 'job.failed']);
  });

  it('know the submission statuses and what moderation suggests next', () => {
    expect(v.isSubmissionStatus('flagged')).toBe(true);
    expect(v.isSubmissionStatus('unanalysed')).toBe(false);
    expect(v.nextModerationStatus('visible')).toBe('hidden');
    expect(v.nextModerationStatus('flagged')).toBe('visible');
  });

  it('name the orders of the admin list', () => {
    expect(v.SUBMISSION_SORTS.map(v.sortKey)).toEqual(['subs.sortNewest', 'subs.sortSupports']);
  });

  it('give problem codes with a message of their own their key, and no other', () => {
    expect(v.problemCodeKey(v.PROBLEM.invalidToken)).toBe('error.invalidToken');
    expect(v.problemCodeKey('validation_failed')).toBeNull();
    expect(v.problemCodeKey(v.PROBLEM.ownSubmission)).toBe('error.ownSubmission');
    expect(v.problemCodeKey(v.PROBLEM.themeMembersUnknown)).toBe('error.themeMembersUnknown');
    expect(v.isAdmin({ role: 'admin' })).toBe(true);
    expect(v.isParticipant(null)).toBe(false);
  });
});
