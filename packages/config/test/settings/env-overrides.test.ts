import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envNameFor, formatSettingsError, formatSource } from '../../src/settings/index.js';
import { DP_BASE, errorLines, expectErrors, expectOk, resolveText } from './settings-helpers.js';

test('GATEHOUSE_<KEY> overrides the file, and the source says so', () => {
  const result = expectOk(resolveText(DP_BASE + 'admin_listen = 127.0.0.1:9001\nlog_level = info\n', {
    env: { GATEHOUSE_ADMIN_LISTEN: '0.0.0.0:9999 ssl', PATH: '/usr/bin' },
  }));
  assert.deepEqual(result.settings.admin_listen, [{ host: '0.0.0.0', port: 9999, ssl: true, http2: false }]);
  assert.equal(formatSource(result.sources.admin_listen), 'env GATEHOUSE_ADMIN_LISTEN');
  assert.equal(result.settings.log_level, 'info');
  assert.equal(formatSource(result.sources.log_level), 'gatehouse.conf:3');
  assert.equal(envNameFor('cluster_fallback_config_import'), 'GATEHOUSE_CLUSTER_FALLBACK_CONFIG_IMPORT');
});

test('overrides beat the environment, which beats the file, which beats the default', () => {
  const result = expectOk(resolveText(DP_BASE + 'log_level = info\nstatus_listen = off\n', {
    env: { GATEHOUSE_LOG_LEVEL: 'warn', GATEHOUSE_STATUS_LISTEN: '127.0.0.1:7000' },
    overrides: { log_level: 'error', prefix: undefined },
  }));
  assert.equal(result.settings.log_level, 'error');
  assert.equal(formatSource(result.sources.log_level), 'override');
  assert.equal(result.settings.status_listen[0]?.port, 7000);
  assert.equal(result.settings.prefix, '/srv/gatehouse/gatehouse');
  assert.equal(formatSource(result.sources.prefix), 'default');
});

test('an empty environment variable does not override the file', () => {
  const result = expectOk(resolveText(DP_BASE + 'log_level = info\n', { env: { GATEHOUSE_LOG_LEVEL: '' } }));
  assert.equal(result.settings.log_level, 'info');
});

test('an invalid environment value names the variable', () => {
  assert.deepEqual(errorLines(resolveText(DP_BASE, { env: { GATEHOUSE_LOG_LEVEL: 'verbose' } })), [
    'env GATEHOUSE_LOG_LEVEL: log_level: expected one of debug, info, notice, warn, error, crit, got "verbose"',
  ]);
});

test('an unknown GATEHOUSE_* variable is an error naming it, with a suggestion when it is a likely typo', () => {
  const errors = expectErrors(resolveText(DP_BASE, {
    env: { GATEHOUSE_PROXY_LISTN: '0.0.0.0:80', GATEHOUSE_FOO: '1', GATEHOUSE_role: 'data_plane' },
  }));
  assert.deepEqual(errors.map((e) => [e.code, formatSettingsError(e)]), [
    ['GW_ERR_SETTINGS_UNKNOWN_ENV', 'env GATEHOUSE_FOO: no setting is named foo; unset the variable or fix its name'],
    ['GW_ERR_SETTINGS_UNKNOWN_ENV', 'env GATEHOUSE_PROXY_LISTN: no setting is named proxy_listn; did you mean GATEHOUSE_PROXY_LISTEN?'],
    ['GW_ERR_SETTINGS_UNKNOWN_ENV', 'env GATEHOUSE_role: setting variables are upper case; rename it to GATEHOUSE_ROLE'],
  ]);
});

test('GATEHOUSE_AWS_* variables are rejected with the real credential variable name', () => {
  assert.deepEqual(errorLines(resolveText(DP_BASE, { env: { GATEHOUSE_AWS_SECRET_ACCESS_KEY: 'x' } })), [
    'env GATEHOUSE_AWS_SECRET_ACCESS_KEY: storage credentials are read from AWS_SECRET_ACCESS_KEY, without the GATEHOUSE_ prefix; rename the variable',
  ]);
});

test('GATEHOUSE_CONF and GATEHOUSE_ADMIN_TOKEN are allowed without being settings', () => {
  const result = expectOk(resolveText(DP_BASE, { env: { GATEHOUSE_CONF: '/etc/gatehouse.conf', GATEHOUSE_ADMIN_TOKEN: 't0ken-value' } }));
  assert.equal(result.secrets.admin_token, 't0ken-value');
});

test('overrides accept typed values as well as conf text', () => {
  const result = expectOk(resolveText('', {
    env: { AWS_REGION: 'us-east-1' },
    overrides: {
      role: 'data_plane',
      cluster_control_plane: 'cp:8005',
      cluster_fallback_config_import: true,
      cluster_fallback_config_storage: 's3://bucket-a/x',
      cluster_fallback_config_export_delay: 2.5,
      cluster_fallback_export_s3_config: { ServerSideEncryption: 'AES256' },
      proxy_listen: ['127.0.0.1:0', '127.0.0.1:0 ssl'],
    },
  }));
  assert.equal(result.settings.cluster_fallback_config_import, true);
  assert.equal(result.settings.cluster_fallback_config_export_delay, 2.5);
  assert.deepEqual(result.settings.cluster_fallback_export_s3_config, { ServerSideEncryption: 'AES256' });
  assert.deepEqual(result.settings.proxy_listen.map((a) => [a.port, a.ssl]), [[0, false], [0, true]]);
});

test('an unknown or badly typed override is an error', () => {
  assert.deepEqual(errorLines(resolveText(DP_BASE, { overrides: { loglevel: 'debug', log_level: Symbol('x') } })), [
    'override: loglevel: unknown setting; did you mean log_level?',
    'override: log_level: expected a string, boolean, number, list of strings or JSON object',
  ]);
});

test('the role hint of the command applies when nothing sets role', () => {
  const result = expectOk(resolveText('', { roleHint: 'control_plane' }));
  assert.equal(result.settings.role, 'control_plane');
  assert.equal(formatSource(result.sources.role), 'command');
});

test('a role that contradicts the command is an error saying what to change', () => {
  const errors = expectErrors(resolveText('role = data_plane\n', { roleHint: 'control_plane' }));
  assert.deepEqual(errors.map((e) => [e.code, formatSettingsError(e)]), [[
    'GW_ERR_SETTINGS_ROLE_MISMATCH',
    'gatehouse.conf:1: role: the command starts a control_plane node but role = data_plane; set role = control_plane or remove it',
  ]]);
});
