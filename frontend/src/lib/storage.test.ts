// Guard for "no token in web storage": only the language choice, unsent drafts and when answers
// were last seen (both by token id, never the token) may be stored.
// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('web storage', () => {
  it('is used only for the language preference, drafts and answers seen, never for tokens or sessions', () => {
    const users = sources('src').filter((p) => /\b(localStorage|sessionStorage|indexedDB|document\.cookie)\b/.test(readFileSync(p, 'utf8')));
    expect(users.sort()).toEqual([join('src', 'i18n', 'index.ts'), join('src', 'lib', 'answersSeen.ts'), join('src', 'lib', 'drafts.ts')].sort());
    // The answers notice keeps only a timestamp, by the token's row id.
    const seen = readFileSync(join('src', 'lib', 'answersSeen.ts'), 'utf8');
    expect(seen).toMatch(/seenKey\(slug: string, tokenId: number\)/);
    expect([...seen.matchAll(/setItem\((.+)\);/g)].map((m) => m[1])).toEqual(['seenKey(slug, tokenId), newest']);
    const drafts = readFileSync(join('src', 'lib', 'drafts.ts'), 'utf8');
    expect(drafts).not.toMatch(/sessionStorage|document\.cookie|indexedDB/);
    // Drafts are found by the token's row id (a number), and hold only the text and the place.
    expect(drafts).toMatch(/draftKey\(slug: string, tokenId: number\)/);
    expect(drafts).toMatch(/const stored: Stored = \{ text: draft\.text, location: \{ mode, lat, lng \}, savedAt: now \}/);
    const i18n = readFileSync(join('src', 'i18n', 'index.ts'), 'utf8');
    expect(i18n).not.toMatch(/sessionStorage|document\.cookie/);
    expect([...i18n.matchAll(/localStorage\.setItem\(([^,]+),/g)].map((m) => m[1])).toEqual(['STORAGE_KEY']);
  });
});
