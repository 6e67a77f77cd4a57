/**
 * Error codes are API (scripts and the control plane branch on them): one golden fixture per
 * code pins which code each kind of problem carries. The .errors.txt files pin the messages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONFIG_ERROR_CODES } from '../src/index.js';
import type { ConfigErrorCode } from '../src/index.js';
import { loadFixture } from './support/fixtures.js';

const CODES: Record<string, ConfigErrorCode[]> = {
  'too-large': ['GW_ERR_CONFIG_TOO_LARGE'],
  'invalid-utf8': ['GW_ERR_CONFIG_ENCODING'],
  'yaml-syntax-error': ['GW_ERR_CONFIG_SYNTAX'],
  'duplicate-key': ['GW_ERR_CONFIG_DUPLICATE_KEY'],
  'alias-bomb': ['GW_ERR_CONFIG_ALIAS_LIMIT'],
  'format-version-missing': ['GW_ERR_CONFIG_FORMAT_VERSION'],
  'format-version-unquoted': ['GW_ERR_CONFIG_FORMAT_VERSION'],
  'unknown-entity': ['GW_ERR_CONFIG_UNKNOWN_ENTITY'],
  'unknown-field': ['GW_ERR_CONFIG_UNKNOWN_FIELD'],
  'plugin-config-unknown-field': ['GW_ERR_CONFIG_UNKNOWN_FIELD'],
  'wrong-type': ['GW_ERR_CONFIG_SCHEMA'],
  'plugin-unknown': ['GW_ERR_CONFIG_UNKNOWN_PLUGIN'],
  'plugin-config-invalid': ['GW_ERR_CONFIG_PLUGIN_CONFIG', 'GW_ERR_CONFIG_PLUGIN_CONFIG'],
  'plugin-config-check': ['GW_ERR_CONFIG_PLUGIN_CONFIG'],
  'plugin-on-consumer': ['GW_ERR_CONFIG_PLUGIN_SCOPE', 'GW_ERR_CONFIG_PLUGIN_SCOPE'],
  'duplicate-names': ['GW_ERR_CONFIG_UNIQUE'],
  'duplicate-ids': ['GW_ERR_CONFIG_UNIQUE'],
  'plugin-duplicate-scope': ['GW_ERR_CONFIG_UNIQUE'],
  'unresolved-service': ['GW_ERR_CONFIG_REFERENCE'],
  'target-without-upstream': ['GW_ERR_CONFIG_REFERENCE'],
  'nested-parent-conflict': ['GW_ERR_CONFIG_REFERENCE'],
  'route-without-match-fields': ['GW_ERR_CONFIG_ROUTE'],
  'host-two-wildcards': ['GW_ERR_CONFIG_ROUTE'],
  'upstream-hash-header-missing': ['GW_ERR_CONFIG_UPSTREAM'],
  'certificate-key-mismatch': ['GW_ERR_CONFIG_CERTIFICATE'],
  'ca-certificate-not-ca': ['GW_ERR_CONFIG_CERTIFICATE'],
  'several-errors': [
    'GW_ERR_CONFIG_SCHEMA', 'GW_ERR_CONFIG_ROUTE', 'GW_ERR_CONFIG_SCHEMA', 'GW_ERR_CONFIG_PLUGIN_CONFIG',
    'GW_ERR_CONFIG_REFERENCE', 'GW_ERR_CONFIG_SCHEMA', 'GW_ERR_CONFIG_UPSTREAM', 'GW_ERR_CONFIG_UNKNOWN_ENTITY',
  ],
};

for (const [name, codes] of Object.entries(CODES)) {
  test(`${name}.yaml: ${[...new Set(codes)].join(', ')}`, () => {
    const result = loadFixture('invalid', `${name}.yaml`);
    assert.ok(!result.ok);
    assert.deepStrictEqual(result.errors.map((e) => e.code), codes);
  });
}

test('every code the loader can return has a fixture above', () => {
  // READ belongs to whoever reads the file; INVALID is the exception that wraps the list.
  const loaderCodes = Object.keys(CONFIG_ERROR_CODES).filter((c) => c !== 'GW_ERR_CONFIG_READ' && c !== 'GW_ERR_CONFIG_INVALID');
  const covered = new Set(Object.values(CODES).flat());
  assert.deepStrictEqual(loaderCodes.filter((c) => !covered.has(c as ConfigErrorCode)), []);
});
