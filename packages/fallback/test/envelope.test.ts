// The envelope and the object layout without storage: limits, malformed input, key parsing.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { canonicalJson, configHash } from '@gatehouse/config';
import {
  formatMajor, openEnvelope, parseEncryptionKey, parseSigningKey, parseSnapshotKey, parseVerifyKey, pointerKey, sealEnvelope, snapshotKey,
} from '../src/index.js';
import type { SealInput } from '../src/index.js';

const HASH = 'a'.repeat(64);

function seal(config: object, extra: Partial<SealInput> = {}): Buffer {
  return sealEnvelope({
    canonical: canonicalJson(config), formatVersion: '3.0', gatehouseVersion: '0.1.0', version: 1, hash: configHash(config),
    exporterId: 'n1', exportedAt: new Date(0), ...extra,
  });
}

const open = (bytes: Buffer, maxConfigBytes = 1 << 20) => openEnvelope(bytes, { what: '"x"', expectedMajor: 3, maxConfigBytes });

describe('object layout', () => {
  test('keys are grouped by config format major version and sort by version', () => {
    assert.equal(formatMajor('3.0'), 3);
    assert.equal(pointerKey('gh/a', 3), 'gh/a/v3/latest.json');
    assert.equal(pointerKey('', 3), 'v3/latest.json');
    assert.equal(snapshotKey('gh', 3, 42, HASH), `gh/v3/snapshots/0000000000000042-${HASH}.json`);
    assert.ok(snapshotKey('', 3, 9, HASH) < snapshotKey('', 3, 10, HASH));
    assert.deepEqual(parseSnapshotKey('gh/v3/snapshots/', `gh/v3/snapshots/0000000000000042-${HASH}.json`), {
      key: `gh/v3/snapshots/0000000000000042-${HASH}.json`, version: 42, hash: HASH,
    });
    assert.equal(parseSnapshotKey('gh/v3/snapshots/', 'gh/v3/snapshots/notes.txt'), undefined);
    assert.throws(() => formatMajor('three'), { code: 'GW_ERR_FALLBACK_BAD_INPUT' });
    assert.throws(() => snapshotKey('', 3, -1, HASH), { code: 'GW_ERR_FALLBACK_BAD_INPUT' });
  });
});

describe('envelope limits and malformed input', () => {
  const config = { _format_version: '3.0', services: [], blob: 'x'.repeat(200_000) };

  test('a config over the size limit is refused before it is decompressed', () => {
    assert.throws(() => open(seal(config), 10_000), { code: 'GW_ERR_FALLBACK_TOO_LARGE' });
  });

  test('a header that understates the size cannot make decompression run past it (gzip bomb)', () => {
    const envelope = JSON.parse(seal(config).toString()) as { header: { payload: { size: number } } };
    envelope.header.payload.size = 1000;
    assert.throws(() => open(Buffer.from(JSON.stringify(envelope))), { code: 'GW_ERR_FALLBACK_TAMPERED', message: /decompress/ });
  });

  test('not an envelope, or a newer envelope format, get their own codes', () => {
    assert.throws(() => open(Buffer.from('<html>')), { code: 'GW_ERR_FALLBACK_BAD_ENVELOPE', message: /not JSON/ });
    assert.throws(() => open(Buffer.from('{"gatehouse_fallback_snapshot":1}')), { code: 'GW_ERR_FALLBACK_BAD_ENVELOPE', message: /header/ });
    const v2 = { ...(JSON.parse(seal(config).toString()) as object), gatehouse_fallback_snapshot: 2 };
    assert.throws(() => open(Buffer.from(JSON.stringify(v2))), { code: 'GW_ERR_FALLBACK_UNSUPPORTED_ENVELOPE', message: /upgrade/ });
  });

  test('a snapshot of another config format major version is refused', () => {
    assert.throws(
      () => openEnvelope(seal(config), { what: '"x"', expectedMajor: 4, maxConfigBytes: 1 << 20 }),
      { code: 'GW_ERR_FALLBACK_TAMPERED', message: /format 3\.0, not 4\.x/ },
    );
  });

  test('a signature is reported as unverified when the reader has no public key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const opened = open(seal({ _format_version: '3.0' }, { signingKey: parseSigningKey(privateKey) }));
    assert.equal(opened.signature, 'unverified');
  });
});

describe('keys', () => {
  test('the encryption key is 32 bytes as hex or base64; a bad one is refused without echoing it', () => {
    const bytes = randomBytes(32);
    assert.deepEqual(parseEncryptionKey(bytes.toString('hex')).bytes, bytes);
    assert.deepEqual(parseEncryptionKey(bytes.toString('base64')).bytes, bytes);
    assert.equal(parseEncryptionKey(bytes.toString('hex')).id, parseEncryptionKey(bytes.toString('base64')).id);
    const short = 'c2hvcnQta2V5LXRoYXQtaXMtbm90LTMyLWJ5dGVz';
    assert.throws(() => parseEncryptionKey(short), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'GW_ERR_FALLBACK_BAD_KEY');
      assert.match(err.message, /GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY must be 32 bytes/);
      assert.ok(!err.message.includes(short));
      return true;
    });
  });

  test('signing and verification keys must be Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.throws(() => parseSigningKey(rsa.privateKey), { code: 'GW_ERR_FALLBACK_BAD_KEY', message: /Ed25519/ });
    assert.throws(() => parseVerifyKey('not a pem'), { code: 'GW_ERR_FALLBACK_BAD_KEY' });
    const ed = generateKeyPairSync('ed25519');
    assert.equal(parseSigningKey(ed.privateKey).id, parseVerifyKey(ed.publicKey).id);
  });
});
