import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONFIG_FRAME_MAGIC, MAX_CONTROL_MESSAGE_BYTES, decodeMessage, encodeMessage, sizeLimits } from '../src/index.js';
import type { ClusterMessage, Sender } from '../src/index.js';
import { ack, configMessage, cpHeartbeat, hello, nack, nodeHeartbeat, refused, welcome } from './fixtures.js';

function roundTrip(message: ClusterMessage, from: Sender): unknown {
  const encoded = encodeMessage(message, { from });
  assert.ok(encoded.ok, encoded.ok ? '' : encoded.error);
  const frame = encoded.frame;
  const decoded = decodeMessage(frame, typeof frame !== 'string', { from });
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
  return decoded.message;
}

function decodeJson(value: unknown, from: Sender) {
  return decodeMessage(Buffer.from(JSON.stringify(value)), false, { from });
}

describe('message codec', () => {
  test('every node message survives encode → decode', () => {
    for (const m of [hello, ack, nack, nodeHeartbeat]) assert.deepEqual(roundTrip(m, 'node'), m);
  });

  test('every control-plane message survives encode → decode, config as a binary frame', () => {
    for (const m of [welcome, refused, cpHeartbeat]) assert.deepEqual(roundTrip(m, 'control_plane'), m);
    const config = configMessage(Buffer.from('gzip bytes'));
    const encoded = encodeMessage(config, { from: 'control_plane' });
    assert.ok(encoded.ok && Buffer.isBuffer(encoded.frame));
    assert.ok(encoded.frame.subarray(0, 4).equals(CONFIG_FRAME_MAGIC));
    const decoded = roundTrip(config, 'control_plane') as typeof config;
    assert.equal(decoded.version, 7);
    assert.equal(decoded.payload.toString(), 'gzip bytes');
  });

  test('each side accepts only the other side\'s messages', () => {
    const asCp = decodeJson(hello, 'control_plane');
    assert.equal(asCp.ok, false);
    assert.equal(!asCp.ok && asCp.code, 'GW_ERR_CLUSTER_MESSAGE_UNEXPECTED');
    const welcomeFromNode = decodeJson(welcome, 'node');
    assert.equal(!welcomeFromNode.ok && welcomeFromNode.code, 'GW_ERR_CLUSTER_MESSAGE_UNEXPECTED');
    const binaryFromNode = decodeMessage(Buffer.from('GHC1....'), true, { from: 'node' });
    assert.equal(!binaryFromNode.ok && binaryFromNode.code, 'GW_ERR_CLUSTER_MESSAGE_UNEXPECTED');
    assert.equal(encodeMessage(hello, { from: 'control_plane' }).ok, false);
  });

  test('a node heartbeat without config_source is refused from a node', () => {
    const result = decodeJson(cpHeartbeat, 'node');
    assert.equal(!result.ok && result.code, 'GW_ERR_CLUSTER_MESSAGE_INVALID');
    assert.match(!result.ok ? result.error : '', /config_source/);
  });

  test('non-JSON, non-objects and frames without a type are refused with a code', () => {
    const cases: [string, string][] = [
      ['{not json', 'GW_ERR_CLUSTER_MESSAGE_MALFORMED'],
      ['[1,2]', 'GW_ERR_CLUSTER_MESSAGE_MALFORMED'],
      ['null', 'GW_ERR_CLUSTER_MESSAGE_MALFORMED'],
      ['{"version":1}', 'GW_ERR_CLUSTER_MESSAGE_INVALID'],
      ['{"type":"teleport"}', 'GW_ERR_CLUSTER_MESSAGE_INVALID'],
      ['{"type":"__proto__"}', 'GW_ERR_CLUSTER_MESSAGE_INVALID'],
      ['{"type":"toString"}', 'GW_ERR_CLUSTER_MESSAGE_INVALID'],
    ];
    for (const [text, code] of cases) {
      const result = decodeMessage(text, false, { from: 'node' });
      assert.equal(result.ok, false, text);
      assert.equal(!result.ok && result.code, code, text);
    }
    const invalidUtf8 = decodeMessage(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), false, { from: 'node' });
    assert.equal(!invalidUtf8.ok && invalidUtf8.code, 'GW_ERR_CLUSTER_MESSAGE_MALFORMED');
  });

  test('schema violations name the field', () => {
    const badId = decodeJson({ ...hello, node_id: 'not-a-uuid' }, 'node');
    assert.match(!badId.ok ? badId.error : '', /node_id/);
    const badLabel = decodeJson({ ...hello, labels: { 'bad key!': 'x' } }, 'node');
    assert.equal(badLabel.ok, false);
    const badRole = decodeJson({ ...hello, role: 'control_plane' }, 'node');
    assert.match(!badRole.ok ? badRole.error : '', /role/);
    const fractional = decodeJson({ ...ack, version: 1.5 }, 'node');
    assert.equal(fractional.ok, false);
    const unsafe = decodeJson({ ...ack, version: 2 ** 60 }, 'node');
    assert.equal(unsafe.ok, false);
    const tooMany = decodeJson({ ...hello, plugins: Array.from({ length: 1001 }, (_, i) => ({ name: `p${i}`, version: '1.0.0' })) }, 'node');
    assert.equal(tooMany.ok, false);
  });

  test('unknown extra fields from a newer peer are tolerated', () => {
    const result = decodeJson({ ...ack, future_field: { nested: true } }, 'node');
    assert.ok(result.ok);
  });

  test('a text message over the control-message limit is refused unread', () => {
    const big = JSON.stringify({ ...nack, message: 'x'.repeat(MAX_CONTROL_MESSAGE_BYTES) });
    const result = decodeMessage(big, false, { from: 'node' });
    assert.equal(!result.ok && result.code, 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE');
  });

  test('config frames: bad magic, truncated header, bad header and oversize are refused', () => {
    const limits = sizeLimits({ maxPayload: 1024 });
    const good = encodeMessage(configMessage(Buffer.alloc(100)), { from: 'control_plane', limits });
    assert.ok(good.ok && Buffer.isBuffer(good.frame));
    const frame = good.frame;
    const badMagic = Buffer.from(frame);
    badMagic[0] = 0x58;
    assert.equal(decodeMessage(badMagic, true, { from: 'control_plane', limits }).ok, false);
    const truncated = Buffer.from(frame.subarray(0, 12));
    const t = decodeMessage(truncated, true, { from: 'control_plane', limits });
    assert.equal(!t.ok && t.code, 'GW_ERR_CLUSTER_MESSAGE_MALFORMED');
    const hugeHeaderLength = Buffer.from(frame);
    hugeHeaderLength.writeUInt32BE(0xffffffff, 4);
    assert.equal(decodeMessage(hugeHeaderLength, true, { from: 'control_plane', limits }).ok, false);
    const oversize = encodeMessage(configMessage(Buffer.alloc(2000)), { from: 'control_plane', limits });
    assert.equal(!oversize.ok && oversize.code, 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE');
    const bigger = encodeMessage(configMessage(Buffer.alloc(2000)), { from: 'control_plane' });
    assert.ok(bigger.ok);
    const received = decodeMessage(bigger.frame, true, { from: 'control_plane', limits });
    assert.equal(!received.ok && received.code, 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE');
    assert.match(!received.ok ? received.error : '', /cluster_max_payload/);
    const bomb = encodeMessage(configMessage(Buffer.alloc(10), 10 ** 12), { from: 'control_plane' });
    assert.equal(!bomb.ok && bomb.code, 'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE');
  });

  test('a config frame is never accepted as a text frame and vice versa', () => {
    const text = decodeMessage(JSON.stringify({ type: 'config', version: 1, hash: 'a'.repeat(64), size: 1 }), false, { from: 'control_plane' });
    assert.equal(!text.ok && text.code, 'GW_ERR_CLUSTER_MESSAGE_UNEXPECTED');
    const binaryJson = decodeMessage(Buffer.from(JSON.stringify(welcome)), true, { from: 'control_plane' });
    assert.equal(!binaryJson.ok && binaryJson.code, 'GW_ERR_CLUSTER_MESSAGE_MALFORMED');
  });

  test('ArrayBuffer and fragment arrays decode like Buffers', () => {
    const bytes = Buffer.from(JSON.stringify(ack));
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    assert.ok(decodeMessage(ab, false, { from: 'node' }).ok);
    assert.ok(decodeMessage([bytes.subarray(0, 5), bytes.subarray(5)], false, { from: 'node' }).ok);
  });
});
