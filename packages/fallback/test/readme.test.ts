// The docs page lists every error code with the meaning the code table gives it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FALLBACK_ERROR_CODES } from '../src/index.js';

test('README.md lists every error code with its meaning, and no other', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const [code, meaning] of Object.entries(FALLBACK_ERROR_CODES)) {
    assert.ok(readme.includes(`| \`${code}\` | ${meaning} |`), `README.md is missing ${code}`);
  }
  const listed = [...readme.matchAll(/^\| `(GW_ERR_FALLBACK_[A-Z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(listed.sort(), Object.keys(FALLBACK_ERROR_CODES).sort());
});
