// Fails when src/api/schema.gen.ts is not what openapi-typescript makes from ../openapi.yaml,
// i.e. when the contract changed and `npm run gen:api` was not run (and committed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src/api/schema.gen.ts');
const dir = mkdtempSync(join(tmpdir(), 'api-check-'));
try {
  const fresh = join(dir, 'schema.gen.ts');
  execFileSync(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), join(root, '../openapi.yaml'), '-o', fresh], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error('src/api/schema.gen.ts is stale: ../openapi.yaml changed. Run `npm run gen:api` in frontend/ and commit the result.');
    process.exit(1);
  }
  console.log('API client types match ../openapi.yaml');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
