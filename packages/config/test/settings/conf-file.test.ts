import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSettingsError, parseConfFile } from '../../src/settings/index.js';
import { DP_BASE, errorLines, expectOk, resolveText } from './settings-helpers.js';

function values(text: string): Record<string, [string, number]> {
  const parsed = parseConfFile(text, 'gatehouse.conf');
  assert.deepEqual(parsed.errors.map(formatSettingsError), []);
  return Object.fromEntries(parsed.entries.map((entry) => [entry.key, [entry.value, entry.line]]));
}

test('accepts both separators, comments, blank lines and keeps line numbers', () => {
  const text = [
    '# Gatehouse node',
    '',
    'role = data_plane',
    '   log_level:debug   ',
    'cluster_control_plane: cp.example.com:8005   # the CP',
    '\t# indented comment',
    'prefix=/var/lib/gatehouse',
  ].join('\n');
  assert.deepEqual(values(text), {
    role: ['data_plane', 3],
    log_level: ['debug', 4],
    cluster_control_plane: ['cp.example.com:8005', 5],
    prefix: ['/var/lib/gatehouse', 7],
  });
});

test('quoted values keep "#", spaces and escapes; a trailing comment after the quote is dropped', () => {
  const text = [
    'cluster_server_name = "cp # \\"one\\" \\\\ two"  # comment',
    "declarative_config = ' /etc/kong #1.yaml '",
    'cluster_cert = "a\\tb"',
  ].join('\n');
  assert.deepEqual(values(text), {
    cluster_server_name: ['cp # "one" \\ two', 1],
    declarative_config: [' /etc/kong #1.yaml ', 2],
    cluster_cert: ['a\tb', 3],
  });
});

test('an unquoted value keeps a "#" that does not follow whitespace', () => {
  assert.deepEqual(values('cluster_server_name = cp#1 # comment'), { cluster_server_name: ['cp#1', 1] });
});

test('CRLF line endings and a byte-order mark are accepted', () => {
  assert.deepEqual(values('\uFEFFrole = control_plane\r\nlog_level = warn\r\n'), {
    role: ['control_plane', 1],
    log_level: ['warn', 2],
  });
});

test('on/off and true/false are booleans', () => {
  const settings = expectOk(resolveText(DP_BASE + 'cluster_fallback_config_import = true\ncluster_fallback_config_storage = s3://b-1\n', {
    env: { AWS_REGION: 'eu-west-1' },
  })).settings;
  assert.equal(settings.cluster_fallback_config_import, true);
  assert.equal(expectOk(resolveText(DP_BASE + 'cluster_fallback_config_export_allow_proxy = OFF')).settings.cluster_fallback_config_export_allow_proxy, false);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'cluster_fallback_config_import = yes')), [
    'gatehouse.conf:2: cluster_fallback_config_import: expected on or off (or true/false), got "yes"',
  ]);
});

test('an empty value means "not set": the default applies', () => {
  const result = expectOk(resolveText(DP_BASE + 'log_level =\nadmin_listen = # later'));
  assert.equal(result.settings.log_level, 'notice');
  assert.equal(result.sources.log_level.kind, 'default');
  assert.deepEqual(result.settings.admin_listen.map((a) => a.port), [8001]);
});

test('bad lines are reported with file:line, and parsing goes on to report them all', () => {
  const text = [
    'role = data_plane',
    'just some words',
    'cluster_server_name = "unterminated',
    "cluster_cert = 'also unterminated",
    'cluster_ca_cert = "x" trailing',
    'cluster_cert_key = "bad \\q escape"',
    '= no key',
  ].join('\n');
  assert.deepEqual(parseConfFile(text, 'gatehouse.conf').errors.map((e) => [e.code, formatSettingsError(e)]), [
    ['GW_ERR_SETTINGS_SYNTAX', 'gatehouse.conf:2: expected "key = value" or "key: value"'],
    ['GW_ERR_SETTINGS_SYNTAX', 'gatehouse.conf:3: cluster_server_name: missing closing " (a quoted value must end on the same line)'],
    ['GW_ERR_SETTINGS_SYNTAX', "gatehouse.conf:4: cluster_cert: missing closing ' (a quoted value must end on the same line)"],
    ['GW_ERR_SETTINGS_SYNTAX', 'gatehouse.conf:5: cluster_ca_cert: unexpected text after the closing quote'],
    ['GW_ERR_SETTINGS_SYNTAX', 'gatehouse.conf:6: cluster_cert_key: unknown escape in a double-quoted value; use \\" \\\\ \\n or \\t'],
    ['GW_ERR_SETTINGS_SYNTAX', 'gatehouse.conf:7: expected "key = value" or "key: value"'],
  ]);
});

test('an unknown key names the key and its line, and suggests the likely setting', () => {
  const parsed = parseConfFile('proxy_listn = 0.0.0.0:80\nProxy-Listen = 0.0.0.0:81\ndatabase = postgres\n', '/etc/gatehouse.conf');
  assert.deepEqual(parsed.errors.map((e) => [e.code, formatSettingsError(e)]), [
    ['GW_ERR_SETTINGS_UNKNOWN_KEY', '/etc/gatehouse.conf:1: proxy_listn: unknown setting; did you mean proxy_listen?'],
    ['GW_ERR_SETTINGS_UNKNOWN_KEY', '/etc/gatehouse.conf:2: Proxy-Listen: unknown setting; did you mean proxy_listen?'],
    ['GW_ERR_SETTINGS_UNKNOWN_KEY', '/etc/gatehouse.conf:3: database: unknown setting; check the name or remove it'],
  ]);
  assert.deepEqual(parsed.entries, []);
});

test('a duplicate key is an error naming both lines, and the first value is kept', () => {
  const parsed = parseConfFile('log_level = info\n\nrole = data_plane\nlog_level = debug\n', 'gatehouse.conf');
  assert.deepEqual(parsed.errors.map((e) => [e.code, formatSettingsError(e)]), [
    ['GW_ERR_SETTINGS_DUPLICATE_KEY', 'gatehouse.conf:4: log_level: set twice, on lines 1 and 4; remove one of them'],
  ]);
  assert.deepEqual(parsed.entries.map((e) => [e.key, e.value]), [['log_level', 'info'], ['role', 'data_plane']]);
});
