import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { REDACTED, describeSettings, formatSettingsError, parseConfFile, redactedSettings } from '../../src/settings/index.js';
import { DP_BASE, errorLines, expectErrors, expectOk, resolveText } from './settings-helpers.js';

const SECRET_ENV = {
  GATEHOUSE_ADMIN_TOKEN: 'admin-zq7x-4f1c',
  AWS_ACCESS_KEY_ID: 'AKIA-zq7x-7e2a',
  AWS_SECRET_ACCESS_KEY: 'sak-zq7x-9b3d',
  AWS_SESSION_TOKEN: 'session-zq7x-c0de',
  AWS_REGION: 'region-zq7x-1',
  AWS_CONFIG_STORAGE_ENDPOINT: 'http://minio-zq7x:9000/',
};
const MARKER = 'zq7x';

test('secrets come from the environment and are readable by name', () => {
  const result = expectOk(resolveText(DP_BASE, { env: SECRET_ENV }));
  assert.equal(result.secrets.admin_token, 'admin-zq7x-4f1c');
  assert.equal(result.secrets.aws_secret_access_key, 'sak-zq7x-9b3d');
  assert.equal(result.secrets.aws_config_storage_endpoint, 'http://minio-zq7x:9000/');
  assert.equal(result.secretSources.aws_region, 'AWS_REGION');
});

test('AWS_DEFAULT_REGION is used when AWS_REGION is not set', () => {
  const result = expectOk(resolveText(DP_BASE, { env: { AWS_DEFAULT_REGION: 'ap-northeast-1' } }));
  assert.equal(result.secrets.aws_region, 'ap-northeast-1');
  assert.equal(result.secretSources.aws_region, 'AWS_DEFAULT_REGION');
});

test('secret values never appear in describe output, redacted settings, JSON or inspect output', () => {
  const result = expectOk(resolveText(DP_BASE, { env: SECRET_ENV }));
  const described = describeSettings(result);
  const outputs = [described, JSON.stringify(redactedSettings(result)), JSON.stringify(result), inspect(result, { depth: 10 }), JSON.stringify({ ...result.secrets })];
  for (const output of outputs) assert.ok(!output.includes(MARKER), output);
  assert.match(described, /^# admin_token = <redacted> +# env GATEHOUSE_ADMIN_TOKEN$/m);
  assert.deepEqual(redactedSettings(result).aws_secret_access_key, { value: REDACTED, source: 'env AWS_SECRET_ACCESS_KEY', secret: true });
});

test('a secret in the conf file is an error that points at the environment and never echoes the value', () => {
  const text = 'admin_token = file-zq7x-1\nAWS_SECRET_ACCESS_KEY = file-zq7x-2\naws_region: eu-west-1\n';
  const errors = parseConfFile(text, 'gatehouse.conf').errors;
  assert.deepEqual(errors.map((e) => [e.code, formatSettingsError(e)]), [
    ['GW_ERR_SETTINGS_SECRET_NOT_FROM_ENV', 'gatehouse.conf:1: admin_token: admin_token is a secret and is read only from the environment; set GATEHOUSE_ADMIN_TOKEN and remove it from the conf file'],
    ['GW_ERR_SETTINGS_SECRET_NOT_FROM_ENV', 'gatehouse.conf:2: aws_secret_access_key: storage credentials come only from the environment; set AWS_SECRET_ACCESS_KEY and remove it from the conf file'],
    ['GW_ERR_SETTINGS_SECRET_NOT_FROM_ENV', 'gatehouse.conf:3: aws_region: storage credentials come only from the environment; set AWS_REGION (or AWS_DEFAULT_REGION) and remove it from the conf file'],
  ]);
  assert.ok(!JSON.stringify(errors).includes(MARKER));
});

test('a secret passed as an override is refused too', () => {
  assert.deepEqual(expectErrors(resolveText(DP_BASE, { overrides: { admin_token: 'x' } })).map((e) => e.code), ['GW_ERR_SETTINGS_SECRET_NOT_FROM_ENV']);
});

test('access key id and secret go together; a session token needs both', () => {
  assert.deepEqual(errorLines(resolveText(DP_BASE, { env: { AWS_ACCESS_KEY_ID: 'id' } })), [
    "env AWS_ACCESS_KEY_ID: aws_secret_access_key: AWS_ACCESS_KEY_ID needs AWS_SECRET_ACCESS_KEY as well; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY together (or neither, to use the AWS SDK's default credentials)",
  ]);
  assert.deepEqual(expectErrors(resolveText(DP_BASE, { env: { AWS_SESSION_TOKEN: 't' } })).map((e) => [e.key, e.where]), [
    ['aws_access_key_id', 'env AWS_SESSION_TOKEN'],
  ]);
});

test('AWS_CONFIG_STORAGE_ENDPOINT must be an http(s) URL, and the error does not echo it', () => {
  assert.deepEqual(errorLines(resolveText(DP_BASE, { env: { AWS_CONFIG_STORAGE_ENDPOINT: 'minio-zq7x:9000' } })), [
    'env AWS_CONFIG_STORAGE_ENDPOINT: aws_config_storage_endpoint: expected an http:// or https:// URL, such as http://minio:9000/',
  ]);
});
