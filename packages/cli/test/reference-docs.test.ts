import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderErrorCodesDoc } from '@gatehouse/config';
import { STORE_ERROR_CODES } from '@gatehouse/control-plane';
import { ENGINE_ERROR_CODES, PROXY_ERROR_CODES } from '@gatehouse/gateway';
import { CLI_ERROR_CODES } from '../src/index.js';

// docs/error-codes.md lists every package's codes; it is generated, and this keeps it current.
test('docs/error-codes.md lists every error code of every package', () => {
  const path = new URL('../../../docs/error-codes.md', import.meta.url);
  const expected = renderErrorCodesDoc({
    'Data plane: routing, engine and plugins': ENGINE_ERROR_CODES,
    'Data plane: proxying to upstreams': PROXY_ERROR_CODES,
    'Control plane: config store': STORE_ERROR_CODES,
    'Command line': CLI_ERROR_CODES,
  });
  if (process.env['UPDATE_DOCS'] === '1') writeFileSync(path, expected);
  assert.equal(readFileSync(path, 'utf8'), expected, 'docs/error-codes.md is stale: run UPDATE_DOCS=1 npm test -w @gatehouse/cli');
});
