// Tests: the generated API client is fresh against openapi.yaml.
// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('generated API client', () => {
  it('matches ../openapi.yaml (run `npm run gen:api` after the contract changes)', () => {
    const run = () => execFileSync(process.execPath, ['scripts/check-api-fresh.mjs'], { encoding: 'utf8', stdio: 'pipe' });
    expect(run()).toContain('match');
    // Generating the client takes a few seconds, more on a busy machine; this checks freshness,
    // not speed.
  }, 60_000);
});
