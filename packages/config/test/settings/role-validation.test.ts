import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSettingsError } from '../../src/settings/index.js';
import { DP_BASE, errorLines, expectErrors, expectOk, resolveText } from './settings-helpers.js';

const REGION = { AWS_REGION: 'us-east-1' };

function codesAndLines(text: string, env: NodeJS.ProcessEnv = REGION): Array<[string, string]> {
  return expectErrors(resolveText(text, { env })).map((e) => [e.code, formatSettingsError(e)]);
}

test('cluster_fallback_config_import on a control plane is refused, saying what to change', () => {
  const text = 'role = control_plane\n' + '# ...\n'.repeat(9) + 'cluster_fallback_config_storage = s3://bucket\n' + 'cluster_fallback_config_import = on\n';
  assert.deepEqual(codesAndLines(text), [[
    'GW_ERR_SETTINGS_ROLE_CONFLICT',
    'gatehouse.conf:12: cluster_fallback_config_import: only valid with role = data_plane, but role = control_plane (gatehouse.conf:1); set it to off or change role',
  ]]);
});

test('the role named in the import conflict may come from the environment', () => {
  assert.deepEqual(codesAndLines('cluster_fallback_config_import = on\ncluster_fallback_config_storage = s3://bucket\n', {
    ...REGION, GATEHOUSE_ROLE: 'control_plane',
  }), [[
    'GW_ERR_SETTINGS_ROLE_CONFLICT',
    'gatehouse.conf:1: cluster_fallback_config_import: only valid with role = data_plane, but role = control_plane (env GATEHOUSE_ROLE); set it to off or change role',
  ]]);
});

test('fallback storage is required when import or export is on', () => {
  assert.deepEqual(codesAndLines(DP_BASE + 'cluster_fallback_config_import = on\n'), [[
    'GW_ERR_SETTINGS_MISSING',
    'gatehouse.conf:2: cluster_fallback_config_storage: required when cluster_fallback_config_import = on; set it to s3://<bucket>[/<prefix>] or turn cluster_fallback_config_import off',
  ]]);
  assert.deepEqual(codesAndLines('role = control_plane\ncluster_fallback_config_export = on\n'), [[
    'GW_ERR_SETTINGS_MISSING',
    'gatehouse.conf:2: cluster_fallback_config_storage: required when cluster_fallback_config_export = on; set it to s3://<bucket>[/<prefix>] or turn cluster_fallback_config_export off',
  ]]);
});

test('fallback storage needs a region from the environment, as Kong does', () => {
  const text = 'role = control_plane\ncluster_fallback_config_export = on\ncluster_fallback_config_storage = s3://bucket\n';
  assert.deepEqual(codesAndLines(text, {}), [[
    'GW_ERR_SETTINGS_MISSING',
    'gatehouse.conf:3: aws_region: fallback storage needs a region; set AWS_REGION (or AWS_DEFAULT_REGION) in the environment (any region, e.g. us-east-1, for MinIO)',
  ]]);
  expectOk(resolveText(text, { env: { AWS_DEFAULT_REGION: 'eu-central-1' } }));
});

test('a data plane needs cluster_control_plane unless it runs standalone on declarative_config', () => {
  assert.deepEqual(codesAndLines(''), [[
    'GW_ERR_SETTINGS_MISSING',
    "cluster_control_plane: role = data_plane (the default) needs the control plane's address; " +
      'set cluster_control_plane = <host>:8005, or declarative_config to run standalone, or role = control_plane',
  ]]);
  const standalone = expectOk(resolveText('declarative_config = kong.yaml\n'));
  assert.equal(standalone.settings.declarative_config, '/srv/gatehouse/kong.yaml');
  assert.equal(standalone.settings.cluster_control_plane, undefined);
  expectOk(resolveText('role = control_plane\n'));
});

test('cluster_mtls = pki requires cluster_ca_cert', () => {
  assert.deepEqual(codesAndLines(DP_BASE + 'cluster_mtls = pki\n'), [[
    'GW_ERR_SETTINGS_MISSING',
    'gatehouse.conf:2: cluster_ca_cert: required when cluster_mtls = pki; set it to the CA certificate that signs the cluster certificates, or use cluster_mtls = shared',
  ]]);
  expectOk(resolveText(DP_BASE + 'cluster_mtls = pki\ncluster_ca_cert = ca.pem\n'));
});

test('cluster_cert and cluster_cert_key go together', () => {
  assert.deepEqual(codesAndLines(DP_BASE + 'cluster_cert = c.pem\n'), [[
    'GW_ERR_SETTINGS_MISSING', 'gatehouse.conf:2: cluster_cert_key: required because cluster_cert is set; set both or neither',
  ]]);
  assert.deepEqual(codesAndLines(DP_BASE + 'cluster_cert_key = k.pem\n'), [[
    'GW_ERR_SETTINGS_MISSING', 'gatehouse.conf:2: cluster_cert: required because cluster_cert_key is set; set both or neither',
  ]]);
});

test('a data plane exporting to storage is a backup node: no proxy listener unless allowed', () => {
  const backup = DP_BASE + 'cluster_fallback_config_export = on\ncluster_fallback_config_storage = s3://bucket\n';
  const result = expectOk(resolveText(backup, { env: REGION }));
  assert.deepEqual(result.settings.proxy_listen, []);
  const proxying = expectOk(resolveText(backup + 'cluster_fallback_config_export_allow_proxy = on\n', { env: REGION }));
  assert.deepEqual(proxying.settings.proxy_listen.map((a) => a.port), [8000, 8443]);
  assert.deepEqual(codesAndLines(backup + 'proxy_listen = 0.0.0.0:8000\n'), [[
    'GW_ERR_SETTINGS_CONFLICT',
    'gatehouse.conf:4: proxy_listen: a data plane with cluster_fallback_config_export = on is a backup node and does not proxy; ' +
      'set proxy_listen = off, or cluster_fallback_config_export_allow_proxy = on to proxy as well',
  ]]);
});

test('cluster_fallback_config_export_allow_proxy is refused where it has no effect', () => {
  assert.deepEqual(codesAndLines(DP_BASE + 'cluster_fallback_config_export_allow_proxy = on\n'), [[
    'GW_ERR_SETTINGS_CONFLICT',
    'gatehouse.conf:2: cluster_fallback_config_export_allow_proxy: only has an effect with cluster_fallback_config_export = on; remove it or turn export on',
  ]]);
  assert.deepEqual(codesAndLines('role = control_plane\ncluster_fallback_config_export_allow_proxy = on\n'), [[
    'GW_ERR_SETTINGS_ROLE_CONFLICT',
    'gatehouse.conf:2: cluster_fallback_config_export_allow_proxy: only valid with role = data_plane, but role = control_plane (gatehouse.conf:1); remove it',
  ]]);
});

test('all problems are reported at once, in file order then cross-setting rules', () => {
  const text = 'role = control_plane\ncluster_fallback_config_import = on\ncluster_mtls = pki\ncluster_cert = c.pem\nlog_level = loud\n';
  assert.deepEqual(errorLines(resolveText(text, { env: {} })).map((line) => line.split(': ').slice(0, 2).join(': ')), [
    'gatehouse.conf:5: log_level',
    'gatehouse.conf:2: cluster_fallback_config_import',
    'gatehouse.conf:2: cluster_fallback_config_storage',
    'gatehouse.conf:3: cluster_ca_cert',
    'gatehouse.conf:4: cluster_cert_key',
  ]);
});

test('a rule about a setting that failed to parse is skipped rather than misreport it', () => {
  // role is invalid, so "a data plane needs cluster_control_plane" (from the default role) would mislead.
  assert.deepEqual(errorLines(resolveText('role = dp\n')), [
    'gatehouse.conf:1: role: expected one of control_plane, data_plane, got "dp"',
  ]);
});
