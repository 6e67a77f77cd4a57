import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SETTINGS, SETTING_NAMES, describeSettings, formatListenList, formatSource, loadSettings, parseConfFile, resolveSettings } from '../../src/settings/index.js';
import { DP_BASE, errorLines, expectErrors, expectOk, resolveText } from './settings-helpers.js';

test('defaults: Kong\'s names and values where Kong has them', () => {
  const { settings, sources } = expectOk(resolveText(DP_BASE));
  assert.equal(settings.role, 'data_plane');
  assert.equal(settings.prefix, '/srv/gatehouse/gatehouse');
  assert.equal(settings.log_level, 'notice');
  assert.equal(formatListenList(settings.proxy_listen), '0.0.0.0:8000, 0.0.0.0:8443 ssl');
  assert.equal(formatListenList(settings.admin_listen), '127.0.0.1:8001');
  assert.equal(formatListenList(settings.status_listen), '127.0.0.1:8100');
  assert.equal(formatListenList(settings.cluster_listen), '0.0.0.0:8005');
  assert.equal(settings.cluster_mtls, 'shared');
  assert.equal(settings.cluster_max_payload, 16777216);
  assert.equal(settings.cluster_fallback_config_import, false);
  assert.equal(settings.cluster_fallback_config_export, false);
  assert.equal(settings.cluster_fallback_config_export_delay, 60);
  assert.equal(settings.cluster_fallback_config_timeout, 5);
  assert.equal(settings.cluster_fallback_config_export_allow_proxy, false);
  assert.equal(settings.cluster_fallback_config_storage, undefined);
  assert.equal(formatSource(sources.cluster_fallback_config_export_delay), 'default');
});

test('every setting has a one-line description, and every default is valid', () => {
  for (const name of SETTING_NAMES) {
    const description = SETTINGS[name].description;
    assert.ok(description.length > 10 && !description.includes('\n'), name);
  }
  // resolveSettings throws if a default does not parse; a control plane needs no other setting.
  expectOk(resolveSettings({ env: {}, overrides: { role: 'control_plane' } }));
});

test('describe output is a conf file that loads back to the same settings', () => {
  const text = DP_BASE + 'cluster_server_name = "cp #1"\ncluster_fallback_export_s3_config = {"ServerSideEncryption":"AES256"}\nproxy_listen = [::]:8000 http2 backlog=100\n';
  const first = expectOk(resolveText(text, { env: { GATEHOUSE_LOG_LEVEL: 'debug' } }));
  const described = describeSettings(first);
  assert.match(described, /^log_level = debug +# env GATEHOUSE_LOG_LEVEL$/m);
  assert.match(described, /^cluster_server_name = "cp #1" +# gatehouse\.conf:2$/m);
  assert.match(described, /^# cluster_cert is not set$/m);
  const again = expectOk(resolveSettings({ env: {}, cwd: '/elsewhere', conf: parseConfFile(described, 'described.conf') }));
  assert.deepEqual(again.settings, first.settings);
});

test('loadSettings reads the file given, or the one named by GATEHOUSE_CONF', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'gatehouse.conf');
  writeFileSync(file, 'role = control_plane\nlog_level = warn\n');
  const direct = expectOk(loadSettings({ file, env: {} }));
  assert.equal(direct.settings.role, 'control_plane');
  assert.equal(formatSource(direct.sources.log_level), `${file}:2`);
  const viaEnv = expectOk(loadSettings({ env: { GATEHOUSE_CONF: file } }));
  assert.equal(viaEnv.settings.log_level, 'warn');
});

test('an unreadable conf file has its own error code and says why', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = join(dir, 'nope.conf');
  const [error] = expectErrors(loadSettings({ file: missing, env: {} }));
  assert.equal(error?.code, 'GW_ERR_SETTINGS_FILE_UNREADABLE');
  assert.equal(error?.where, missing);
  assert.equal(error?.message, 'cannot read the conf file: no such file; check the path and its permissions');
  assert.deepEqual(errorLines(loadSettings({ env: { GATEHOUSE_CONF: dir } })), [
    `${dir}: cannot read the conf file (named by GATEHOUSE_CONF): it is a directory; check the path and its permissions`,
  ]);
});

test('without a file, settings come from the environment and defaults', () => {
  const result = expectOk(loadSettings({ env: { GATEHOUSE_ROLE: 'control_plane' }, cwd: '/opt' }));
  assert.equal(result.settings.role, 'control_plane');
  assert.equal(result.settings.prefix, '/opt/gatehouse');
});
