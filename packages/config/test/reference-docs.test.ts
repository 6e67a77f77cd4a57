import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderEntitiesDoc, renderSettingsDoc } from '../src/index.js';

// The reference docs are generated from the schemas; this keeps the committed copies current.
const DOCS = new URL('../../../docs/', import.meta.url);

// docs/error-codes.md gathers every package's codes, so the CLI package (which sees them all) checks it.
for (const [file, render] of [['settings.md', renderSettingsDoc], ['entities.md', renderEntitiesDoc]] as const) {
  test(`docs/${file} matches the schema it is generated from`, () => {
    const path = new URL(file, DOCS);
    const expected = render();
    if (process.env['UPDATE_DOCS'] === '1') writeFileSync(path, expected);
    assert.equal(readFileSync(path, 'utf8'), expected, `docs/${file} is stale: run UPDATE_DOCS=1 npm test -w @gatehouse/config`);
  });
}

test('every field row of docs/entities.md has a description', () => {
  const rows = readFileSync(new URL('entities.md', DOCS), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  assert.ok(rows.length > 0, 'docs/entities.md has no field rows');
  // Cells are split on unescaped pipes (schema-table escapes those inside a cell as \|).
  const undescribed = rows.filter((line) => (line.split(/(?<!\\)\|/).slice(1, -1).at(-1) ?? '').trim() === '');
  assert.deepEqual(undescribed, [], 'fields without a description: add one to the entity schema');
});
