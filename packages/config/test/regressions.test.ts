/**
 * Regression tests for bugs found by the golden/property work in src/, each named after what
 * broke. Kept together so the history of what went wrong stays readable.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatConfigError, loadDeclarativeConfig, normaliseConfig } from '../src/index.js';
import type { ConfigResult } from '../src/index.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const load = (text: string) => loadDeclarativeConfig(text, { fileName: 'kong.yml' });
const formatted = (result: ConfigResult) => (result.ok ? [] : result.errors.map(formatConfigError));

describe('regressions found by the golden and property tests', () => {
  test('a non-finite number is an error, not an exception', () => {
    // Today: throws "TypeError: canonicalJson: non-finite number" from link-entities identity().
    const result = load(lines('_format_version: "3.0"', 'services:', '  - host: a.internal', '    port: .inf'));
    assert.deepStrictEqual(formatted(result), ['services[0].port (kong.yml:4:11): must be an integer']);
    assert.doesNotThrow(() => load(lines('_format_version: "3.0"', 'consumers:', '  - username: .inf')));
  });

  test('an sni with two wildcards is refused, as a route sni is', () => {
    const result = normaliseConfig({ _format_version: '3.0', snis: [{ name: '*.example.*', certificate: 'x' }] });
    assert.ok(!result.ok);
    assert.ok(result.errors.some((e) => e.path.join('.') === 'snis.0.name'), 'expected an error at snis[0].name');
  });

  test("a service's ca_certificates must name existing CA certificates", () => {
    const result = load(lines('_format_version: "3.0"', 'services:', '  - name: web', '    host: web.internal', '    ca_certificates: [no-such-ca]'));
    assert.ok(!result.ok, 'accepted a reference to a CA certificate that does not exist');
    assert.deepStrictEqual(result.errors.map((e) => e.path), [['services', 0, 'ca_certificates', 0]]);
  });

  test('an unparsable url is one error at url, not also "host: required field missing"', () => {
    const result = load(lines('_format_version: "3.0"', 'services:', '  - name: web', '    url: /relative/path'));
    assert.deepStrictEqual(formatted(result), [
      'services[0].url (kong.yml:4:10): must be an absolute URL such as http://example.com:8080/path (got "/relative/path")',
    ]);
  });

  test('url combined with protocol is one error, not also "host: required field missing"', () => {
    const result = load(lines('_format_version: "3.0"', 'services:', '  - name: web', '    url: http://web.internal', '    protocol: https'));
    assert.deepStrictEqual(formatted(result), ['services[0].url (kong.yml:4:10): url cannot be combined with protocol; use one or the other']);
  });

  test('a url without an http(s) scheme is reported at url', () => {
    // Today: services[0].protocol (kong.yml:3:5): must be one of: http, https (got "a.internal")
    //        services[0].host (kong.yml:3:5): must NOT have fewer than 1 characters
    for (const url of ['a.internal:8080/path', 'ftp://files.internal']) {
      const result = load(lines('_format_version: "3.0"', 'services:', '  - name: web', `    url: ${url}`));
      assert.ok(!result.ok);
      assert.deepStrictEqual(result.errors.map((e) => [e.path.join('.'), e.position?.line]), [['services.0.url', 4]], url);
    }
  });

  test('a malformed reference object is one error, not also "references unknown service"', () => {
    for (const service of ['{}', '{ id: 5a0f4c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b, name: web }']) {
      const result = load(lines('_format_version: "3.0"', 'services:', '  - name: web', '    host: web.internal', 'routes:', '  - paths: [/]', `    service: ${service}`));
      assert.deepStrictEqual(formatted(result), [
        'routes[0].service (kong.yml:7:14): must be a name or an id, or an object with exactly one of id or name',
      ], service);
    }
  });

  test('a route field of the wrong type is not also "must set at least one of"', () => {
    const result = load(lines('_format_version: "3.0"', 'routes:', '  - methods: GET'));
    assert.deepStrictEqual(formatted(result), ['routes[0].methods (kong.yml:3:14): must be an array or null']);
  });

  test('targets whose upstream is missing or unknown are not duplicates of each other', () => {
    const result = load(lines('_format_version: "3.0"', 'targets:', '  - target: a.internal:80', '    upstream: one', '  - target: a.internal:80', '    upstream: two'));
    assert.deepStrictEqual(formatted(result), [
      'targets[0].upstream (kong.yml:4:15): references unknown upstream "one"',
      'targets[1].upstream (kong.yml:6:15): references unknown upstream "two"',
    ]);
  });

  test('normaliseConfig lists errors in document order too', () => {
    const result = normaliseConfig({
      _format_version: '3.0',
      services: [{ name: 'a', host: 'a.internal', routes: [{ paths: ['x'] }] }, { name: 'b', host: 'b.internal', port: 99999 }],
      routes: [{ paths: ['/y'], service: 'nope' }],
      servics: [],
    });
    assert.ok(!result.ok);
    assert.deepStrictEqual(result.errors.map((e) => e.path.join('.')), ['services.0.routes.0.paths.0', 'services.1.port', 'routes.0.service', 'servics']);
  });

  test('an unquoted date in a string field is a string (YAML 1.2), on every load path', () => {
    const plain = load(lines('_format_version: "3.0"', 'consumers:', '  - custom_id: 2024-01-01'));
    assert.ok(plain.ok, formatted(plain).join('\n'));
    assert.equal(plain.config.consumers[0]?.custom_id, '2024-01-01');
  });

  test('every error from a file has a position, even for text the position parser finds malformed', () => {
    const result = load(lines('_format_version: "3.0"', 'routes:', '  - hosts:', '      - "', '  *.a.internal"'));
    assert.ok(!result.ok);
    for (const e of result.errors) assert.ok(e.position, `no position: ${formatConfigError(e)}`);
  });

  test("a target without a port gets Kong's default 8000, so a and a:8000 are the same target", () => {
    const result = load(lines('_format_version: "3.0"', 'upstreams:', '  - name: up', '    targets:', '      - target: a.internal', '      - target: a.internal:8000'));
    assert.deepStrictEqual(formatted(result), [
      'upstreams[0].targets[1].target (kong.yml:6:17): duplicate target: target "a.internal:8000" is already used by upstreams[0].targets[0]; remove one or make them distinct',
    ]);
    const single = load(lines('_format_version: "3.0"', 'upstreams:', '  - name: up', '    targets: [{ target: "[::1]" }]'));
    assert.ok(single.ok);
    assert.equal(single.config.targets[0]?.target, '[::1]:8000');
  });

  test('an empty string field says "must not be empty", not ajv\'s wording', () => {
    const result = load(lines('_format_version: "3.0"', 'services:', '  - name: web', '    host: ""'));
    assert.deepStrictEqual(formatted(result), ['services[0].host (kong.yml:4:11): must not be empty']);
  });
});
