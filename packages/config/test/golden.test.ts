/**
 * Golden files for the config compiler, in the manner of Caddy's adapt tests.
 *
 *   fixtures/valid/<name>.yaml|.json    → <name>.normalised.json (pretty) and <name>.hash
 *   fixtures/invalid/<name>.yaml|.json  → <name>.errors.txt, one formatConfigError line per error
 *
 * Every fixture is loaded as bytes with fileName = its basename and the test plugins registered
 * (support/test-plugins.ts); files named `too-large*` with a small maxBytes (support/fixtures.ts).
 *
 * Regenerate the expectations with
 *   UPDATE_GOLDEN=1 node ../../scripts/run-tests.mjs test
 * then read every changed file before keeping it: a golden file that pins a wrong behaviour is
 * worse than none.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatConfigError } from '../src/index.js';
import { FIXTURES, loadFixture } from './support/fixtures.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const INPUT = /^(?<name>[\w.-]+?)\.(?:ya?ml|json)$/;

function fixtures(kind: 'valid' | 'invalid'): { kind: 'valid' | 'invalid'; file: string; name: string; dir: string }[] {
  const dir = join(FIXTURES, kind);
  return readdirSync(dir)
    .filter((file) => !file.endsWith('.normalised.json'))
    .flatMap((file) => {
      const name = INPUT.exec(file)?.groups?.['name'];
      return name === undefined ? [] : [{ kind, file, name, dir }];
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Compares with the expected file, or (with UPDATE_GOLDEN=1) rewrites it. */
function expectFile(path: string, actual: string, compare: (expected: string) => void): void {
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing ${path}; create it with UPDATE_GOLDEN=1 and review it`);
  compare(readFileSync(path, 'utf8'));
}

describe('golden: valid configs normalise to the expected config and hash', () => {
  const valid = fixtures('valid');
  test('there are valid fixtures', () => assert.ok(valid.length >= 8, `only ${valid.length} valid fixtures`));
  for (const { kind, file, name, dir } of valid) {
    test(file, () => {
      const result = loadFixture(kind, file);
      assert.ok(result.ok, `expected ${file} to be valid:\n${result.ok ? '' : result.errors.map(formatConfigError).join('\n')}`);
      expectFile(join(dir, `${name}.normalised.json`), `${JSON.stringify(result.config, null, 2)}\n`, (expected) => {
        assert.deepStrictEqual(result.config, JSON.parse(expected));
      });
      expectFile(join(dir, `${name}.hash`), `${result.hash}\n`, (expected) => {
        assert.equal(result.hash, expected.trim());
      });
    });
  }
});

describe('golden: invalid configs report exactly the expected errors', () => {
  const invalid = fixtures('invalid');
  test('there are invalid fixtures', () => assert.ok(invalid.length >= 30, `only ${invalid.length} invalid fixtures`));
  for (const { kind, file, name, dir } of invalid) {
    test(file, () => {
      const result = loadFixture(kind, file);
      assert.ok(!result.ok, `expected ${file} to be rejected`);
      const lines = result.errors.map(formatConfigError);
      expectFile(join(dir, `${name}.errors.txt`), `${lines.join('\n')}\n`, (expected) => {
        assert.deepStrictEqual(lines, expected.trimEnd().split('\n'));
      });
    });
  }
});

test('golden: every expectation file belongs to an input fixture', () => {
  for (const kind of ['valid', 'invalid'] as const) {
    const names = new Set(fixtures(kind).map((f) => f.name));
    const stale = readdirSync(join(FIXTURES, kind))
      .map((file) => /^(?<name>.+?)\.(?:normalised\.json|hash|errors\.txt)$/.exec(file)?.groups?.['name'])
      .filter((name): name is string => name !== undefined && !names.has(name));
    assert.deepStrictEqual(stale, [], `expectations without an input in fixtures/${kind}`);
  }
});
