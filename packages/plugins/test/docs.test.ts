// docs/plugins/ is generated from the plugins' schemas; this test fails when it is stale.
// Regenerate with: UPDATE_DOCS=1 node ../../scripts/run-tests.mjs test/docs.test.ts
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createBundledPlugins, renderPluginDoc, renderPluginIndex } from '../src/index.js';

const DOCS = fileURLToPath(new URL('../../../docs/plugins/', import.meta.url));
const UPDATE = process.env['UPDATE_DOCS'] === '1';
const { plugins } = createBundledPlugins();
const expected = new Map<string, string>([['README.md', renderPluginIndex(plugins)], ...plugins.map((p) => [`${p.name}.md`, renderPluginDoc(p)] as [string, string])]);

describe('docs/plugins is generated from the schemas', () => {
  if (UPDATE) {
    mkdirSync(DOCS, { recursive: true });
    for (const [file, text] of expected) writeFileSync(join(DOCS, file), text);
  }
  for (const [file, text] of expected) {
    test(`docs/plugins/${file} is current`, () => {
      assert.ok(existsSync(join(DOCS, file)), `missing docs/plugins/${file}; run UPDATE_DOCS=1`);
      assert.equal(readFileSync(join(DOCS, file), 'utf8'), text, `docs/plugins/${file} is stale; run UPDATE_DOCS=1`);
    });
  }
  test('no page documents a plugin that is not bundled', () => {
    const extra = readdirSync(DOCS).filter((f) => !expected.has(f));
    assert.deepEqual(extra, []);
  });
  test('every config field has a description', () => {
    for (const p of plugins) {
      const page = expected.get(`${p.name}.md`)!;
      const undocumented = page.split('\n').filter((l) => l.startsWith('| `config.') && l.trimEnd().endsWith('|  |'));
      assert.deepEqual(undocumented, [], `${p.name} has fields without a description`);
    }
  });
});
