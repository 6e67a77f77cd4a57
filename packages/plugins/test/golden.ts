/**
 * Golden-file tests for a plugin's config schema. Fixtures live in
 * `test/fixtures/<plugin>/{valid,invalid}/<case>.yml`, each a whole kong.yml using the plugin:
 *   - valid:   must load; `<case>.plugins.json` holds the plugins' configs with defaults filled;
 *   - invalid: must be refused; `<case>.errors.txt` holds every error, formatted, one per line.
 * Regenerate expectations with UPDATE_GOLDEN=1 and review the diff.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadDeclarativeConfig } from '@gatehouse/config';
import { pluginRegistry } from '../src/index.js';
import type { GatewayPlugin } from '@gatehouse/gateway';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');


function expectFile(path: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing ${path}; create it with UPDATE_GOLDEN=1 and review it`);
  assert.equal(actual, readFileSync(path, 'utf8'));
}

/**
 * Registers golden tests for `plugin` (other plugins a fixture needs, e.g. key-auth next to
 * acl, go in `alongside`). Requires at least `minValid` valid and `minInvalid` invalid cases.
 */
export function pluginSchemaGoldenTests(plugin: GatewayPlugin, alongside: readonly GatewayPlugin[] = [], minValid = 2, minInvalid = 3): void {
  const registry = pluginRegistry([plugin, ...alongside]);
  for (const kind of ['valid', 'invalid'] as const) {
    const dir = join(FIXTURES, plugin.name, kind);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    describe(`${plugin.name} schema golden: ${kind} configs`, () => {
      test(`there are at least ${kind === 'valid' ? minValid : minInvalid} ${kind} fixtures`, () => {
        assert.ok(files.length >= (kind === 'valid' ? minValid : minInvalid), `${dir} has ${files.length}`);
      });
      for (const file of files) {
        test(file, () => {
          const base = join(dir, file.replace(/\.ya?ml$/, ''));
          const result = loadDeclarativeConfig(readFileSync(join(dir, file)), { fileName: file, plugins: registry });
          if (kind === 'valid') {
            assert.ok(result.ok, `expected ${file} to load:\n${result.ok ? '' : result.errors.map(formatConfigError).join('\n')}`);
            const configs = result.config.plugins.map((p) => ({ name: p.name, config: p.config }));
            expectFile(`${base}.plugins.json`, `${JSON.stringify(configs, null, 2)}\n`);
          } else {
            assert.ok(!result.ok, `expected ${file} to be refused`);
            expectFile(`${base}.errors.txt`, `${result.errors.map(formatConfigError).join('\n')}\n`);
          }
        });
      }
    });
  }
}
