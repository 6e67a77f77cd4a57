import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// These tests run the built binary, as a user would: `npm run build` comes first (turbo does it).
const BIN = fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function gatehouse(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, ...(input === undefined ? {} : { input }) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const VALID = `_format_version: "3.0"
services:
  - name: orders
    url: http://orders.internal:8080/v1
    routes:
      - name: orders-api
        paths: [/orders]
`;

describe('gatehouse validate', () => {
  test('a valid file exits 0 and says what it holds', () => {
    const r = gatehouse(['validate', file('ok.yml', VALID)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ok\.yml: valid \(1 services, 1 routes\); hash [0-9a-f]{64}/);
    assert.equal(r.stderr, '');
  });

  test('an invalid file exits 1 with every error on its own line, with file:line:col', () => {
    const path = file(
      'bad.yml',
      `_format_version: "3.0"
services:
  - name: orders
    host: orders.internal
    port: 70000
    routes:
      - paths: [orders]
      - hosts: ["*.a.*"]
`,
    );
    const r = gatehouse(['validate', path]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines, [
      'services[0].port (bad.yml:5:11): must be between 0 and 65535 (got 70000)',
      'services[0].routes[0].paths[0] (bad.yml:7:17): must start with "/" (a prefix) or "~" (a regex)',
      'services[0].routes[1].hosts[0] (bad.yml:8:17): may contain at most one wildcard "*" (got "*.a.*")',
      `${path}: 3 errors`,
    ]);
    assert.equal(r.stdout, '');
  });

  test('a YAML syntax error gives line:col', () => {
    const r = gatehouse(['validate', file('syntax.yml', '_format_version: "3.0"\nservices: [\n')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^syntax\.yml:\d+:\d+: YAML syntax error: /m);
  });

  test('a missing file exits 2 and names the file', () => {
    const r = gatehouse(['validate', join(dir, 'nope.yml')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*nope\.yml: no such file \(GW_ERR_CONFIG_READ\)/);
  });

  test('a directory exits 2', () => {
    const r = gatehouse(['validate', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a directory/);
  });

  test('reads stdin with "-"', () => {
    const r = gatehouse(['validate', '-'], VALID);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /valid/);
  });

  test('without a file it prints usage and exits 64', () => {
    const r = gatehouse(['validate']);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /Usage: gatehouse validate <file>/);
  });
});

describe('gatehouse config hash', () => {
  test('prints the same hash for nested YAML and flat JSON of one config', () => {
    const nested = gatehouse(['config', 'hash', file('nested.yml', VALID)]);
    const flat = gatehouse([
      'config',
      'hash',
      file(
        'flat.json',
        JSON.stringify({
          routes: [{ paths: ['/orders'], service: 'orders', name: 'orders-api' }],
          services: [{ name: 'orders', protocol: 'http', host: 'orders.internal', port: 8080, path: '/v1' }],
          _format_version: '3.0',
        }),
      ),
    ]);
    assert.equal(nested.code, 0, nested.stderr);
    assert.match(nested.stdout, /^[0-9a-f]{64}\n$/);
    assert.equal(flat.stdout, nested.stdout);
  });

  test('a changed port changes the hash', () => {
    const a = gatehouse(['config', 'hash', file('a.yml', VALID)]);
    const b = gatehouse(['config', 'hash', file('b.yml', VALID.replace(':8080', ':8081'))]);
    assert.notEqual(a.stdout, b.stdout);
  });

  test('an invalid file exits 1 and prints no hash', () => {
    const r = gatehouse(['config', 'hash', file('c.yml', '_format_version: "2.1"\n')]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /unsupported format version "2.1"/);
  });
});

describe('gatehouse check', () => {
  test('reports every settings problem with file:line and exits 1', () => {
    const conf = file('bad.conf', 'role = control_plane\ncluster_fallback_config_import = on\nadmin_lsiten = 127.0.0.1:9001\n');
    const r = gatehouse(['check', conf]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.conf:3: admin_lsiten: unknown setting; did you mean admin_listen\?/);
    assert.match(r.stderr, /bad\.conf:2: cluster_fallback_config_import: only valid with role = data_plane/);
    assert.match(r.stderr, /settings: 3 errors/);
  });

  test('prints effective settings with their sources and never the admin token', () => {
    const conf = file('cp.conf', 'role = control_plane\nadmin_listen = 127.0.0.1:9001\n');
    const r = spawnSync(process.execPath, [BIN, 'check', conf], {
      encoding: 'utf8',
      env: { ...process.env, GATEHOUSE_ADMIN_TOKEN: 'very-secret-token', GATEHOUSE_LOG_LEVEL: 'debug' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /admin_listen = 127\.0\.0\.1:9001 +# .*cp\.conf:2/);
    assert.match(r.stdout, /log_level = debug +# env GATEHOUSE_LOG_LEVEL/);
    assert.doesNotMatch(r.stdout + r.stderr, /very-secret-token/);
    assert.match(r.stdout, /settings OK \(role control_plane\)/);
  });
});

describe('gatehouse help', () => {
  test('--help lists the commands and exits 0', () => {
    const r = gatehouse(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: gatehouse <command>/);
    assert.match(r.stdout, /validate +check a declarative config/);
  });

  test('per-command help via --help and via help <command>', () => {
    assert.equal(gatehouse(['validate', '--help']).stdout, gatehouse(['help', 'validate']).stdout);
    assert.match(gatehouse(['help', 'config']).stdout, /Usage: gatehouse config hash <file>/);
  });

  test('an unknown command exits 64 and shows usage', () => {
    const r = gatehouse(['frobnicate']);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });

  test('--version prints the package version', () => {
    assert.match(gatehouse(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
