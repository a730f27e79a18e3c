// Guard for "no token in web storage": only the language choice may be stored.
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
  it('is used only for the language preference, never for tokens or sessions', () => {
    const users = sources('src').filter((p) => /\b(localStorage|sessionStorage|indexedDB|document\.cookie)\b/.test(readFileSync(p, 'utf8')));
    expect(users).toEqual([join('src', 'i18n', 'index.ts')]);
    const i18n = readFileSync(join('src', 'i18n', 'index.ts'), 'utf8');
    expect(i18n).not.toMatch(/sessionStorage|document\.cookie/);
    expect([...i18n.matchAll(/localStorage\.setItem\(([^,]+),/g)].map((m) => m[1])).toEqual(['STORAGE_KEY']);
  });
});
