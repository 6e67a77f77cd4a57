/** Loading golden fixtures the one way both the golden runner and the code table do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDeclarativeConfig } from '../../src/index.js';
import type { ConfigResult } from '../../src/index.js';
import { testPlugins } from './test-plugins.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** maxBytes for fixtures named `too-large*`. */
export const SMALL_LIMIT = 256;

/** Loads `fixtures/<kind>/<file>` as bytes, with fileName = its basename and the test plugins. */
export function loadFixture(kind: 'valid' | 'invalid', file: string): ConfigResult {
  return loadDeclarativeConfig(readFileSync(join(FIXTURES, kind, file)), {
    fileName: file,
    plugins: testPlugins(),
    ...(file.startsWith('too-large') ? { maxBytes: SMALL_LIMIT } : {}),
  });
}
