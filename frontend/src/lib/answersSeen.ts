// When a participant last looked at the answers to their submissions, per process and token
// row id (never the token): the "2 of your submissions have a reply" notice counts answers
// newer than that. Only a timestamp is stored.
const PREFIX = 'planner.answersSeen.v1';

export function seenKey(slug: string, tokenId: number): string {
  return `${PREFIX}:${encodeURIComponent(slug)}:${tokenId}`;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: every answer counts as new until seen on screen
  }
}

/** The newest answer time (ISO 8601) already seen, or null. */
export function answersSeenAt(slug: string, tokenId: number): string | null {
  return storage()?.getItem(seenKey(slug, tokenId)) ?? null;
}

export function markAnswersSeen(slug: string, tokenId: number, newest: string): void {
  const seen = answersSeenAt(slug, tokenId);
  if (seen !== null && Date.parse(seen) >= Date.parse(newest)) return;
  try {
    storage()?.setItem(seenKey(slug, tokenId), newest);
  } catch {
    // storage full or disabled: the notice may repeat, nothing else is lost
  }
}

/** Of the answer times given, how many are newer than what was seen. */
export function unseenAnswers(respondedAt: readonly (string | null | undefined)[], seen: string | null): number {
  const after = seen === null ? -Infinity : Date.parse(seen);
  return respondedAt.filter((at): at is string => !!at && Date.parse(at) > after).length;
}
