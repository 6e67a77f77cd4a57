import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderErrorCodesDoc } from '@gatehouse/config';
import { ADMIN_ERROR_CODES, CP_ERROR_CODES, STORE_ERROR_CODES } from '@gatehouse/control-plane';
import { WORKER_ERROR_CODES } from '@gatehouse/data-plane';
import { FALLBACK_ERROR_CODES } from '@gatehouse/fallback';
import { CLUSTER_ERROR_CODES } from '@gatehouse/protocol';
import { ENGINE_ERROR_CODES, PROXY_ERROR_CODES } from '@gatehouse/gateway';
import { CLI_ERROR_CODES } from '../src/index.js';

// docs/error-codes.md lists every package's codes; it is generated, and this keeps it current.
test('docs/error-codes.md lists every error code of every package', () => {
  const path = new URL('../../../docs/error-codes.md', import.meta.url);
  const expected = renderErrorCodesDoc({
    'Data plane: routing, engine and plugins': ENGINE_ERROR_CODES,
    'Data plane: proxying to upstreams': PROXY_ERROR_CODES,
    'Control plane: Admin API': Object.fromEntries(Object.entries(ADMIN_ERROR_CODES).map(([code, e]) => [code, `${e.status}: ${e.description}`])),
    'Control plane: node': CP_ERROR_CODES,
    'Control plane: config store': STORE_ERROR_CODES,
    'Cluster: CP <-> DP protocol, TLS, certificates': CLUSTER_ERROR_CODES,
    'Fallback storage: export and import': FALLBACK_ERROR_CODES,
    'Command line and data-plane node': CLI_ERROR_CODES,
    'Data plane: proxy worker processes': WORKER_ERROR_CODES,
  });
  if (process.env['UPDATE_DOCS'] === '1') writeFileSync(path, expected);
  assert.equal(readFileSync(path, 'utf8'), expected, 'docs/error-codes.md is stale: run UPDATE_DOCS=1 npm test -w @gatehouse/cli');
});
