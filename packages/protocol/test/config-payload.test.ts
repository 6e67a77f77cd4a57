import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { compressConfig, decompressConfig, sha256, sizeLimits } from '../src/index.js';
import type { ClusterError, ConfigMessage } from '../src/index.js';
import { sampleConfig } from './fixtures.js';

const limits = sizeLimits();

function message(payload: Buffer, size: number, hash: string): ConfigMessage {
  return { type: 'config', version: 1, hash, size, payload };
}

describe('config payload', () => {
  test('compress → decompress gives the config back, and the hash is the config hash', async () => {
    const { config, hash } = sampleConfig(20);
    const compressed = await compressConfig(config, { expectedHash: hash });
    assert.equal(compressed.hash, hash);
    assert.ok(compressed.payload.length < compressed.size);
    const result = await decompressConfig(message(compressed.payload, compressed.size, hash), limits);
    assert.ok(result.ok);
    assert.deepEqual(result.value, JSON.parse(JSON.stringify(config)));
  });

  test('a config whose canonical form does not match the given hash is not sent', async () => {
    const { config } = sampleConfig();
    await assert.rejects(compressConfig(config, { expectedHash: 'b'.repeat(64) }), (err: ClusterError) => err.code === 'GW_ERR_CLUSTER_HASH_MISMATCH');
  });

  test('a zip bomb stops at the decompressed cap', async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024));
    assert.ok(bomb.length < 64 * 1024);
    const small = sizeLimits({ maxPayload: 64 * 1024 });
    // Declares the cap exactly: decompression stops one byte past it.
    const result = await decompressConfig(message(bomb, small.maxDecompressedBytes, sha256('x')), small);
    assert.equal(!result.ok && result.code, 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE');
  });

  test('a payload larger than its declared size is corrupt', async () => {
    const json = Buffer.from('{"a":1}');
    const result = await decompressConfig(message(gzipSync(json), 3, sha256(json)), limits);
    assert.equal(!result.ok && result.code, 'GW_ERR_CLUSTER_CONFIG_CORRUPT');
    const shorter = await decompressConfig(message(gzipSync(json), 100, sha256(json)), limits);
    assert.equal(!shorter.ok && shorter.code, 'GW_ERR_CLUSTER_CONFIG_CORRUPT');
  });

  test('a payload that does not match its hash is refused before it is parsed', async () => {
    const json = Buffer.from('{"a":1}');
    const result = await decompressConfig(message(gzipSync(json), json.length, sha256('other')), limits);
    assert.equal(!result.ok && result.code, 'GW_ERR_CLUSTER_HASH_MISMATCH');
  });

  test('not gzip, not JSON, not an object: corrupt', async () => {
    const notGzip = await decompressConfig(message(Buffer.from('plain'), 5, sha256('plain')), limits);
    assert.equal(!notGzip.ok && notGzip.code, 'GW_ERR_CLUSTER_CONFIG_CORRUPT');
    for (const text of ['{broken', '[1,2,3]', '42']) {
      const result = await decompressConfig(message(gzipSync(text), Buffer.byteLength(text), sha256(text)), limits);
      assert.equal(!result.ok && result.code, 'GW_ERR_CLUSTER_CONFIG_CORRUPT', text);
    }
  });
});
