// Whatever arrives, the decoder answers { ok } or { ok: false, code, error } and never throws;
// whatever it accepts is a message that validates again (it can be re-encoded).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CLUSTER_ERROR_CODES, decodeMessage, encodeMessage, sizeLimits } from '../src/index.js';
import type { ClusterMessage, Decoded, Sender } from '../src/index.js';
import { ack, configMessage, cpHeartbeat, hello, nack, nodeHeartbeat, refused, welcome } from './fixtures.js';

const limits = sizeLimits({ maxPayload: 64 * 1024 });
const senders: Sender[] = ['node', 'control_plane'];

function checkResult(result: Decoded<ClusterMessage>, from: Sender): void {
  if (!result.ok) {
    assert.ok(Object.hasOwn(CLUSTER_ERROR_CODES, result.code), `unknown code ${result.code}`);
    assert.equal(typeof result.error, 'string');
    return;
  }
  const again = encodeMessage(result.message, { from, limits });
  assert.ok(again.ok, `accepted a message that does not re-encode: ${again.ok ? '' : again.error}`);
}

function decodeBoth(data: Buffer | string, isBinary: boolean): void {
  for (const from of senders) checkResult(decodeMessage(data, isBinary, { from, limits }), from);
}

const validFrames: { from: Sender; frame: string | Buffer }[] = [
  ...[hello, ack, nack, nodeHeartbeat].map((m) => ({ from: 'node' as const, m })),
  ...[welcome, refused, cpHeartbeat, configMessage(Buffer.from('payload'))].map((m) => ({ from: 'control_plane' as const, m })),
].map(({ from, m }) => {
  const encoded = encodeMessage(m, { from, limits });
  if (!encoded.ok) throw new Error(encoded.error);
  return { from, frame: encoded.frame };
});

const validObjects = [hello, ack, nack, nodeHeartbeat, welcome, refused, cpHeartbeat] as unknown as Record<string, unknown>[];

describe('decoder fuzz (fast-check)', () => {
  test('random bytes, as text and binary frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (bytes, isBinary) => decodeBoth(Buffer.from(bytes), isBinary)),
      { numRuns: 2000 },
    );
  });

  test('random bytes behind a valid config-frame magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.nat({ max: 600 }), (rest, headerLength) => {
        const prefix = Buffer.alloc(8);
        prefix.write('GHC1', 0, 'latin1');
        prefix.writeUInt32BE(headerLength, 4);
        decodeBoth(Buffer.concat([prefix, Buffer.from(rest)]), true);
      }),
      { numRuns: 2000 },
    );
  });

  test('random JSON values, and random objects with a known type', () => {
    const types = fc.constantFrom('hello', 'welcome', 'refused', 'config', 'ack', 'nack', 'heartbeat', '__proto__', 'constructor');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => decodeBoth(JSON.stringify(value) ?? 'null', false)),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(types, fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })), (type, fields) => decodeBoth(JSON.stringify({ ...fields, type }), false)),
      { numRuns: 1500 },
    );
  });

  test('valid messages with one field replaced, removed or added', () => {
    const keyOf = (o: Record<string, unknown>) => fc.constantFrom(...Object.keys(o));
    fc.assert(
      fc.property(
        fc.constantFrom(...validObjects).chain((o) => fc.tuple(fc.constant(o), keyOf(o), fc.jsonValue({ maxDepth: 2 }), fc.nat({ max: 2 }))),
        ([original, key, value, op]) => {
          const mutated: Record<string, unknown> = { ...original };
          if (op === 0) mutated[key] = value;
          else if (op === 1) delete mutated[key];
          else mutated[`x_${key}`] = value;
          decodeBoth(JSON.stringify(mutated), false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('valid frames with bytes flipped, cut or appended', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...validFrames),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 16 }),
        ({ frame }, flips, cut, tail) => {
          const bytes = Buffer.from(typeof frame === 'string' ? Buffer.from(frame) : frame);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const mutated = Buffer.concat([bytes.subarray(0, bytes.length - (cut % 4)), Buffer.from(tail)]);
          decodeBoth(mutated, typeof frame !== 'string');
        },
      ),
      { numRuns: 3000 },
    );
  });
});
