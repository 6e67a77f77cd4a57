import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseListenList, parseStorageUrl } from '../../src/settings/index.js';
import { DP_BASE, errorLines, expectErrors, expectOk, resolveText } from './settings-helpers.js';

test('listen lists: flags, IPv6, hostnames, port 0 and off', () => {
  const parsed = parseListenList('0.0.0.0:8000, [::1]:8443 ssl http2 backlog=511 , localhost:0');
  assert.deepEqual(parsed, {
    ok: true,
    value: [
      { host: '0.0.0.0', port: 8000, ssl: false, http2: false },
      { host: '::1', port: 8443, ssl: true, http2: true, backlog: 511 },
      { host: 'localhost', port: 0, ssl: false, http2: false },
    ],
  });
  assert.deepEqual(parseListenList('off'), { ok: true, value: [] });
});

test('listen list mistakes are explained', () => {
  const cases: Array<[string, string]> = [
    ['0.0.0.0', '"0.0.0.0": missing ":port"'],
    ['::1:8000', '"::1:8000": an IPv6 address needs brackets, such as [::1]:8000'],
    ['0.0.0.0:70000', '"0.0.0.0:70000": port must be a number from 0 to 65535, got "70000"'],
    ['0.0.0.0:8000 reuseport', '"0.0.0.0:8000 reuseport": unknown flag "reuseport"; supported flags are ssl, http2, backlog=N'],
    ['0.0.0.0:8000, off', '"off" must be the only value; remove the other addresses or the "off"'],
    ['0.0.0.0:8000,, 0.0.0.0:8001', 'empty entry in the list; separate addresses with single commas'],
    ['0.0.0.0:8000, 0.0.0.0:8000 ssl', '0.0.0.0:8000 is listed twice; list each address once'],
    ['300.1.1.1:80', '"300.1.1.1:80": "300.1.1.1" is not a valid hostname or IPv4 address'],
  ];
  for (const [input, message] of cases) {
    const parsed = parseListenList(input);
    assert.equal(parsed.ok, false, input);
    if (!parsed.ok) assert.ok(parsed.message.startsWith(message), `${input}: ${parsed.message}`);
  }
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'status_listen = 127.0.0.1\n')), [
    'gatehouse.conf:2: status_listen: "127.0.0.1": missing ":port" (expected host:port [ssl] [http2] [backlog=N], or off)',
  ]);
});

test('durations are seconds, with optional units', () => {
  const check = (text: string): number => expectOk(resolveText(DP_BASE + `cluster_fallback_config_export_delay = ${text}`)).settings.cluster_fallback_config_export_delay;
  assert.equal(check('90'), 90);
  assert.equal(check('0'), 0);
  assert.equal(check('1.5'), 1.5);
  assert.equal(check('2m'), 120);
  assert.equal(check('250ms'), 0.25);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'cluster_fallback_config_export_delay = soon\ncluster_fallback_config_timeout = 0\n')), [
    'gatehouse.conf:2: cluster_fallback_config_export_delay: expected a duration in seconds such as 60 (units ms, s, m, h also work: 30s, 5m), got "soon"',
    'gatehouse.conf:3: cluster_fallback_config_timeout: must be more than 0 seconds',
  ]);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'cluster_data_plane_purge_delay = 30\n')), [
    'gatehouse.conf:2: cluster_data_plane_purge_delay: must be at least 60 seconds, got 30',
  ]);
});

test('integers and enums', () => {
  assert.equal(expectOk(resolveText(DP_BASE + 'cluster_max_payload = 4194304')).settings.cluster_max_payload, 4194304);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'cluster_max_payload = 4MB\nrole = dataplane\ncluster_mtls = mtls\n')), [
    'gatehouse.conf:2: cluster_max_payload: expected a whole number, got "4MB"',
    'gatehouse.conf:3: role: expected one of control_plane, data_plane, got "dataplane"; did you mean data_plane?',
    'gatehouse.conf:4: cluster_mtls: expected one of shared, pki, got "mtls"',
  ]);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'cluster_max_payload = 1024')), [
    'gatehouse.conf:2: cluster_max_payload: must be at least 1048576, got 1024',
  ]);
});

test('worker_processes: auto or 1 to 256, from the conf file or GATEHOUSE_WORKER_PROCESSES; default 1', () => {
  assert.equal(expectOk(resolveText(DP_BASE)).settings.worker_processes, 1);
  assert.equal(expectOk(resolveText(DP_BASE + 'worker_processes = auto')).settings.worker_processes, 'auto');
  assert.equal(expectOk(resolveText(DP_BASE + 'worker_processes = 4')).settings.worker_processes, 4);
  assert.equal(expectOk(resolveText(DP_BASE, { env: { GATEHOUSE_WORKER_PROCESSES: '256' } })).settings.worker_processes, 256);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'worker_processes = 0\n', { env: { GATEHOUSE_WORKER_PROCESSES: 'many' } })), [
    'env GATEHOUSE_WORKER_PROCESSES: worker_processes: expected auto or a whole number from 1 to 256, got "many"',
  ]);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'worker_processes = 0\n')), [
    'gatehouse.conf:2: worker_processes: expected auto or a whole number from 1 to 256, got 0',
  ]);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'worker_processes = 257\n')), [
    'gatehouse.conf:2: worker_processes: expected auto or a whole number from 1 to 256, got 257',
  ]);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'worker_processes = 2.5\n')), [
    'gatehouse.conf:2: worker_processes: expected auto or a whole number from 1 to 256, got "2.5"',
  ]);
  // A control plane ignores it rather than refusing to start.
  assert.equal(expectOk(resolveText('role = control_plane\nworker_processes = 8\n')).settings.worker_processes, 8);
});

test('paths are resolved against the working directory', () => {
  const settings = expectOk(resolveText(DP_BASE + 'prefix = state\ncluster_cert = /etc/gh/c.pem\ncluster_cert_key = ../k.pem\n')).settings;
  assert.equal(settings.prefix, '/srv/gatehouse/state');
  assert.equal(settings.cluster_cert, '/etc/gh/c.pem');
  assert.equal(settings.cluster_cert_key, '/srv/k.pem');
});

test('cluster_control_plane is host:port without a scheme', () => {
  assert.deepEqual(expectOk(resolveText('cluster_control_plane = [2001:db8::1]:8005')).settings.cluster_control_plane, { host: '2001:db8::1', port: 8005 });
  assert.deepEqual(errorLines(resolveText('cluster_control_plane = wss://cp:8005')), [
    'gatehouse.conf:1: cluster_control_plane: expected host:port without a scheme, such as cp.example.com:8005',
  ]);
  assert.deepEqual(errorLines(resolveText('cluster_control_plane = cp:0')), [
    'gatehouse.conf:1: cluster_control_plane: port must be a number from 1 to 65535, got "0" (expected host:port such as cp.example.com:8005)',
  ]);
});

test('cluster_fallback_export_s3_config must be a JSON object; bad JSON shows the parser message', () => {
  const good = resolveText(DP_BASE + 'cluster_fallback_export_s3_config = {"ServerSideEncryption":"aws:kms","SSEKMSKeyId":"k-1"}');
  assert.deepEqual(expectOk(good).settings.cluster_fallback_export_s3_config, { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k-1' });
  const [bad] = expectErrors(resolveText(DP_BASE + 'cluster_fallback_export_s3_config = {"ServerSideEncryption":}'));
  let parserMessage = '';
  try {
    JSON.parse('{"ServerSideEncryption":}');
  } catch (err) {
    parserMessage = (err as Error).message;
  }
  assert.equal(bad?.code, 'GW_ERR_SETTINGS_INVALID_VALUE');
  assert.equal(bad?.message, `invalid JSON: ${parserMessage}`);
  assert.deepEqual(errorLines(resolveText(DP_BASE + 'cluster_fallback_export_s3_config = ["a"]')), [
    'gatehouse.conf:2: cluster_fallback_export_s3_config: expected a JSON object such as {"ServerSideEncryption":"aws:kms"}, got an array',
  ]);
});

test('storage URLs: s3 with a normalised prefix', () => {
  assert.deepEqual(parseStorageUrl('s3://my-bucket.example//gatehouse/prod/'), {
    ok: true,
    value: { scheme: 's3', bucket: 'my-bucket.example', prefix: 'gatehouse/prod', url: 's3://my-bucket.example/gatehouse/prod' },
  });
  assert.deepEqual(parseStorageUrl('S3://bucket'), { ok: true, value: { scheme: 's3', bucket: 'bucket', prefix: '', url: 's3://bucket' } });
});

test('storage URLs: gcs is "not supported yet" with its own code; other mistakes say what is wrong', () => {
  const [gcs] = expectErrors(resolveText(DP_BASE + 'cluster_fallback_config_storage = gcs://bucket/prefix'));
  assert.equal(gcs?.code, 'GW_ERR_SETTINGS_STORAGE_UNSUPPORTED');
  assert.equal(gcs?.message, 'gcs:// storage is not supported yet; use s3://<bucket>[/<prefix>] with an S3-compatible store (AWS S3, MinIO, ...)');
  const cases: Array<[string, string]> = [
    ['my-bucket/prefix', 'expected s3://<bucket>[/<prefix>], got "my-bucket/prefix"'],
    ['https://bucket/x', 'unsupported storage scheme "https://"; expected s3://<bucket>[/<prefix>]'],
    ['s3:///prefix', 'missing bucket name; expected s3://<bucket>[/<prefix>]'],
    ['s3://My_Bucket', 'bucket name "My_Bucket" may contain only lowercase letters, digits, dots and hyphens'],
    ['s3://ab', 'bucket name "ab" must be 3 to 63 characters long'],
    ['s3://-bucket', 'bucket name "-bucket" must begin and end with a letter or digit'],
    ['s3://a..b', 'bucket name "a..b" must not contain two dots in a row'],
    ['s3://192.168.1.1', 'bucket name "192.168.1.1" must not look like an IP address'],
    ['s3://xn--bucket', 'bucket name "xn--bucket" must not start with "xn--" (reserved by S3)'],
    ['s3://bucket-s3alias', 'bucket name "bucket-s3alias" must not end with "-s3alias" (reserved by S3)'],
    ['s3://bucket/a/../b', 'the prefix must not contain "." or ".." segments'],
    ['s3://bucket/a?b', 'must not contain "?", "#", "\\" or spaces; expected s3://<bucket>[/<prefix>]'],
  ];
  for (const [input, message] of cases) assert.deepEqual(parseStorageUrl(input), { ok: false, unsupported: false, message }, input);
});
