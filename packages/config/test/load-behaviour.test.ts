/**
 * Loader behaviours a user notices beyond single fixtures: how errors are reported (all at
 * once, in document order, with positions), that the caller's object is left alone, that ids
 * are stable, and that the encoding details of a file (BOM, CRLF) change nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigValidationError, formatConfigError, loadDeclarativeConfig, loadDeclarativeConfigOrThrow, normaliseConfig,
} from '../src/index.js';
import type { ConfigError, ConfigResult } from '../src/index.js';
import { testPlugins } from './support/test-plugins.js';

function errorsOf(result: ConfigResult): ConfigError[] {
  assert.ok(!result.ok, 'expected the config to be rejected');
  return result.errors;
}

function hashOf(result: ConfigResult): string {
  if (!result.ok) assert.fail(result.errors.map(formatConfigError).join('\n'));
  return result.hash;
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** Errors from four different checks, written in this order in the file. */
const MANY_ERRORS = lines(
  '_format_version: "3.0"',
  'consumers:',
  '  - tags: [nobody]', // 3: rule: neither username nor custom_id
  'routes:',
  '  - name: r1',
  '    paths: [relative]', // 6: route rule
  '    service: nowhere', // 7: unresolved reference
  'services:',
  '  - name: s1',
  '    host: s1.internal',
  '    port: -1', // 11: schema
  'upstreams:',
  '  - name: u1', // 13
  '    hash_on: cookie', // rule: hash_on_cookie missing, reported at the upstream (13)
);

describe('errors', () => {
  test('every error in the file is reported at once, not only the first', () => {
    const routes = Array.from({ length: 12 }, (_, i) => `  - name: r${i}\n    paths: [bad-${i}]`).join('\n');
    const errors = errorsOf(loadDeclarativeConfig(`_format_version: "3.0"\nroutes:\n${routes}\n`));
    assert.deepStrictEqual(
      errors.map((e) => formatConfigError(e)),
      Array.from({ length: 12 }, (_, i) => `routes[${i}].paths[0] (${2 * i + 4}:13): must start with "/" (a prefix) or "~" (a regex)`),
    );
  });

  test('errors are listed in document order, whichever check found them', () => {
    const errors = errorsOf(loadDeclarativeConfig(MANY_ERRORS, { fileName: 'kong.yml' }));
    assert.deepStrictEqual(
      errors.map((e) => [e.code, e.position?.line]),
      [
        ['GW_ERR_CONFIG_SCHEMA', 3],
        ['GW_ERR_CONFIG_ROUTE', 6],
        ['GW_ERR_CONFIG_REFERENCE', 7],
        ['GW_ERR_CONFIG_SCHEMA', 11],
        ['GW_ERR_CONFIG_UPSTREAM', 13],
      ],
    );
    assert.ok(errors.every((e) => e.position?.file === 'kong.yml'));
  });

  test('without a fileName, positions are line:col only', () => {
    const [error] = errorsOf(loadDeclarativeConfig(lines('_format_version: "3.0"', 'routes:', '  - paths: [x]')));
    assert.equal(formatConfigError(error!), 'routes[0].paths[0] (3:13): must start with "/" (a prefix) or "~" (a regex)');
  });

  test('normaliseConfig reports the same problems, without positions', () => {
    const errors = errorsOf(normaliseConfig({ _format_version: '3.0', routes: [{ paths: ['x'] }] }));
    assert.deepStrictEqual(errors, [
      { code: 'GW_ERR_CONFIG_ROUTE', path: ['routes', 0, 'paths', 0], message: 'must start with "/" (a prefix) or "~" (a regex)' },
    ]);
  });

  test('loadDeclarativeConfigOrThrow throws one GW_ERR_CONFIG_INVALID carrying every error', () => {
    assert.throws(
      () => loadDeclarativeConfigOrThrow(MANY_ERRORS, { fileName: 'kong.yml' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigValidationError);
        assert.equal(err.code, 'GW_ERR_CONFIG_INVALID');
        assert.equal(err.errors.length, 5);
        assert.match(err.message, /^invalid declarative config: consumers\[0\] \(kong\.yml:3:5\): .* \(and 4 more\)$/);
        return true;
      },
    );
  });

  test('the alias limit is an option: a file within the default limit fails with a lower one', () => {
    const text = lines('_format_version: "3.0"', 'services:', '  - name: a', '    host: a.internal', '    tags: &t [x]', '  - name: b', '    host: b.internal', '    tags: *t', '  - name: c', '    host: c.internal', '    tags: *t');
    assert.ok(loadDeclarativeConfig(text).ok);
    const [error] = errorsOf(loadDeclarativeConfig(text, { maxAliasCount: 1 }));
    assert.equal(error?.code, 'GW_ERR_CONFIG_ALIAS_LIMIT');
  });
});

describe('normaliseConfig leaves its input alone', () => {
  test('the object passed in is not modified, even deeply (defaults, ids, url, nesting)', () => {
    const input = {
      _format_version: '3.0',
      services: [
        {
          name: 'web',
          url: 'https://web.internal:8443/base',
          routes: [{ name: 'root', paths: ['/'], plugins: [{ name: 'rate-limiting', config: { minute: 5 } }] }],
          plugins: [{ name: 'key-auth' }],
        },
      ],
      upstreams: [{ name: 'pool', healthchecks: { active: { healthy: { interval: 5 } } }, targets: [{ target: '10.0.0.1:80' }] }],
      consumers: [{ username: 'alice', keyauth_credentials: [{ key: 'k' }] }],
      routes: [{ paths: ['/flat'], service: 'web' }],
    };
    const before = structuredClone(input);
    const frozen = deepFreeze(structuredClone(input));
    const result = normaliseConfig(frozen, { plugins: testPlugins() });
    assert.ok(result.ok);
    assert.deepStrictEqual(frozen, before);
    assert.deepStrictEqual(normaliseConfig(input, { plugins: testPlugins() }), result);
    assert.deepStrictEqual(input, before);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('deterministic ids', () => {
  const service = (extra: Record<string, unknown> = {}) => normaliseConfig({ _format_version: '3.0', services: [{ name: 'billing', host: 'billing.internal', ...extra }] });

  test('a named entity without an id gets a fixed UUID v5 derived from its type and name', () => {
    // The same value as Python's uuid.uuid5(UUID('6f1c2a3e-9b7d-4c5a-8e0f-1d2c3b4a5968'), 'services\0name:billing').
    const result = service();
    assert.ok(result.ok);
    assert.equal(result.config.services[0]?.id, 'c929b1d3-72a3-5cf1-ab50-459314ab36ae');
    const consumer = normaliseConfig({ _format_version: '3.0', consumers: [{ username: 'alice' }] });
    assert.ok(consumer.ok);
    assert.equal(consumer.config.consumers[0]?.id, 'aca3df3c-74c1-5012-8e73-82680a27280d');
  });

  test("the id of a named entity does not move when its other fields change", () => {
    const a = service();
    const b = service({ port: 8080, retries: 1 });
    assert.ok(a.ok && b.ok);
    assert.equal(b.config.services[0]?.id, a.config.services[0]?.id);
    assert.notEqual(b.hash, a.hash);
  });

  test('entities of different types with the same name get different ids', () => {
    const result = normaliseConfig({
      _format_version: '3.0',
      services: [{ name: 'same', host: 'same.internal', routes: [{ name: 'same', paths: ['/'] }] }],
      upstreams: [{ name: 'same' }],
    });
    assert.ok(result.ok);
    const ids = [result.config.services[0]?.id, result.config.routes[0]?.id, result.config.upstreams[0]?.id];
    assert.equal(new Set(ids).size, 3);
  });

  test('an explicit id is kept (lower-cased)', () => {
    const result = service({ id: 'C929B1D3-0000-4000-8000-000000000001' });
    assert.ok(result.ok);
    assert.equal(result.config.services[0]?.id, 'c929b1d3-0000-4000-8000-000000000001');
  });
});

describe('file encoding details change nothing', () => {
  const text = lines('_format_version: "3.0"', 'services:', '  - name: web', '    host: web.internal', '    routes:', '      - paths: [/]');
  const expected = hashOf(loadDeclarativeConfig(text));

  test('a UTF-8 byte order mark is accepted, as bytes or as text', () => {
    assert.equal(hashOf(loadDeclarativeConfig(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))), expected);
    assert.equal(hashOf(loadDeclarativeConfig(`\ufeff${text}`)), expected);
  });

  test('after a byte order mark, error positions still count from the first visible character', () => {
    const bad = text.replace('host: web.internal', 'port: high');
    const [error] = errorsOf(loadDeclarativeConfig(Buffer.from(`\ufeff${bad}`), { fileName: 'kong.yml' }));
    const [plain] = errorsOf(loadDeclarativeConfig(bad, { fileName: 'kong.yml' }));
    assert.deepStrictEqual(error, plain);
  });

  test('CRLF line endings give the same config and the same error positions', () => {
    assert.equal(hashOf(loadDeclarativeConfig(text.replace(/\n/g, '\r\n'))), expected);
    const bad = text.replace('paths: [/]', 'paths: [x]');
    assert.deepStrictEqual(errorsOf(loadDeclarativeConfig(bad.replace(/\n/g, '\r\n'))), errorsOf(loadDeclarativeConfig(bad)));
  });

  test('bytes and the same text decoded give the same result', () => {
    assert.deepStrictEqual(loadDeclarativeConfig(Buffer.from(text)), loadDeclarativeConfig(text));
  });
});
