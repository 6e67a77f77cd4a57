// Frames on a cluster connection:
//   text frame   — one JSON object {"type": ..., ...}: hello, welcome, refused, heartbeat, ack, nack
//   binary frame — a config push: "GHC1" | header length (uint32 BE) | header JSON | gzip payload
// The payload is the gzip of the canonical JSON of the normalised config; its sha256 is the
// config hash. Decoding never throws: bad input of any shape gives { ok: false, code, error }.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import type { Failure } from './cluster-errors.js';
import { fail } from './cluster-errors.js';
import { FRAME_OVERHEAD_BYTES, MAX_CONTROL_MESSAGE_BYTES, mib, sizeLimits } from './limits.js';
import type { SizeLimits } from './limits.js';
import { ConfigHeaderSchema, TEXT_SCHEMAS } from './message-schemas.js';
import type { ClusterMessage, ConfigHeader, ConfigMessage, CpMessage, NodeMessage, Sender } from './message-schemas.js';

export const CONFIG_FRAME_MAGIC = Buffer.from('GHC1', 'latin1');
const MAX_HEADER_BYTES = FRAME_OVERHEAD_BYTES - 8;

export type RawFrame = string | Buffer | ArrayBuffer | Uint8Array | readonly Buffer[];
export type MessageFrom<S extends Sender> = S extends 'node' ? NodeMessage : CpMessage;
/** A config frame refused after its header was read names the config, so the node can NACK it. */
export type DecodeFailure = Failure & { readonly config?: { readonly version: number; readonly hash: string } };
export type Decoded<M> = { readonly ok: true; readonly message: M } | DecodeFailure;
export type Encoded = { readonly ok: true; readonly frame: string | Buffer } | Failure;

export interface CodecOptions<S extends Sender = Sender> {
  /** Who sent (decode) or sends (encode) the message: each side accepts only the other's messages. */
  readonly from: S;
  readonly limits?: SizeLimits;
}

const compiled = new Map<TSchema, TypeCheck<TSchema>>();
function checker(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

function schemaProblem(type: string, schema: TSchema, value: unknown): string | undefined {
  const check = checker(schema);
  if (check.Check(value)) return undefined;
  const first = check.Errors(value).First();
  const where = first?.path ? first.path.slice(1).replaceAll('/', '.') : '';
  return `${type} message: ${where ? `${where}: ` : ''}${first?.message ?? 'does not match its schema'}`;
}

function toBuffer(data: Exclude<RawFrame, string>): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data as readonly Buffer[]);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  const view = data as Uint8Array;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const other = (from: Sender): Sender => (from === 'node' ? 'control_plane' : 'node');

function decodeText<S extends Sender>(bytes: Buffer | string, from: S): Decoded<MessageFrom<S>> {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > MAX_CONTROL_MESSAGE_BYTES) {
    return fail('GW_ERR_CLUSTER_MESSAGE_TOO_LARGE', `text message of ${mib(size)} is over the ${mib(MAX_CONTROL_MESSAGE_BYTES)} limit of control messages`);
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : utf8.decode(bytes));
  } catch (err) {
    return fail('GW_ERR_CLUSTER_MESSAGE_MALFORMED', `text frame is not JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('GW_ERR_CLUSTER_MESSAGE_MALFORMED', 'text frame is not a JSON object');
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return fail('GW_ERR_CLUSTER_MESSAGE_INVALID', 'message has no "type" string');
  const shown = JSON.stringify(type.slice(0, 40));
  const schema = Object.hasOwn(TEXT_SCHEMAS[from], type) ? TEXT_SCHEMAS[from][type] : undefined;
  if (!schema) {
    const known = Object.hasOwn(TEXT_SCHEMAS[other(from)], type) || type === 'config';
    return known
      ? fail('GW_ERR_CLUSTER_MESSAGE_UNEXPECTED', `a ${from === 'node' ? 'node' : 'control plane'} does not send ${shown} messages`)
      : fail('GW_ERR_CLUSTER_MESSAGE_INVALID', `unknown message type ${shown}`);
  }
  const problem = schemaProblem(type, schema, value);
  if (problem) return fail('GW_ERR_CLUSTER_MESSAGE_INVALID', problem);
  return { ok: true, message: value as MessageFrom<S> };
}

function decodeConfigFrame(frame: Buffer, limits: SizeLimits): Decoded<ConfigMessage> {
  if (frame.length < 8 || !frame.subarray(0, 4).equals(CONFIG_FRAME_MAGIC)) {
    return fail('GW_ERR_CLUSTER_MESSAGE_MALFORMED', 'binary frame is not a config frame (bad magic)');
  }
  const headerLength = frame.readUInt32BE(4);
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > frame.length) {
    return fail('GW_ERR_CLUSTER_MESSAGE_MALFORMED', `config frame header length ${headerLength} is out of range`);
  }
  let header: unknown;
  try {
    header = JSON.parse(utf8.decode(frame.subarray(8, 8 + headerLength)));
  } catch (err) {
    return fail('GW_ERR_CLUSTER_MESSAGE_MALFORMED', `config frame header is not JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  if (typeof header !== 'object' || header === null || (header as { type?: unknown }).type !== 'config') {
    return fail('GW_ERR_CLUSTER_MESSAGE_INVALID', 'config frame header is not a "config" object');
  }
  const problem = schemaProblem('config', ConfigHeaderSchema, header);
  if (problem) return fail('GW_ERR_CLUSTER_MESSAGE_INVALID', problem);
  const { version, hash, size } = header as ConfigHeader;
  const payload = frame.subarray(8 + headerLength);
  const config = { version, hash };
  if (payload.length > limits.maxPayload) {
    const error = `config ${version} is ${mib(payload.length)} compressed, over this node's ${mib(limits.maxPayload)} limit; raise cluster_max_payload on the node to match the control plane`;
    return { ...fail('GW_ERR_CLUSTER_MESSAGE_TOO_LARGE', error), config };
  }
  if (size > limits.maxDecompressedBytes) {
    const error = `config ${version} is ${mib(size)} decompressed, over this node's ${mib(limits.maxDecompressedBytes)} cap; raise cluster_max_payload on the node`;
    return { ...fail('GW_ERR_CLUSTER_MESSAGE_TOO_LARGE', error), config };
  }
  return { ok: true, message: { type: 'config', version, hash, size, payload } };
}

/** Parses and validates one received frame. `from` is the sender; its peer's messages are refused. */
export function decodeMessage<S extends Sender>(data: RawFrame, isBinary: boolean, options: CodecOptions<S>): Decoded<MessageFrom<S>> {
  try {
    const limits = options.limits ?? sizeLimits();
    if (typeof data === 'string') return decodeText(data, options.from);
    const bytes = toBuffer(data);
    if (!isBinary) return decodeText(bytes, options.from);
    if (options.from === 'node') return fail('GW_ERR_CLUSTER_MESSAGE_UNEXPECTED', 'a node does not send binary frames');
    return decodeConfigFrame(bytes, limits) as Decoded<MessageFrom<S>>;
  } catch (err) {
    // Not expected: every branch above checks before it reads. Still, never throw on wire input.
    return fail('GW_ERR_CLUSTER_MESSAGE_MALFORMED', `undecodable frame: ${(err as Error).message}`);
  }
}

/** Validates an outgoing message and turns it into a frame (string: text frame, Buffer: binary). */
export function encodeMessage(message: ClusterMessage, options: CodecOptions): Encoded {
  const limits = options.limits ?? sizeLimits();
  if (message.type === 'config') {
    if (options.from !== 'control_plane') return fail('GW_ERR_CLUSTER_MESSAGE_UNEXPECTED', 'only a control plane sends config');
    const { payload, ...header } = message;
    const problem = schemaProblem('config', ConfigHeaderSchema, header);
    if (problem) return fail('GW_ERR_CLUSTER_MESSAGE_INVALID', problem);
    if (payload.length > limits.maxPayload || header.size > limits.maxDecompressedBytes) {
      return fail(
        'GW_ERR_CLUSTER_MESSAGE_TOO_LARGE',
        `config ${header.version} is ${mib(payload.length)} compressed / ${mib(header.size)} decompressed, over the limit of ${mib(limits.maxPayload)} / ${mib(limits.maxDecompressedBytes)}; raise cluster_max_payload on the control plane and every node`,
      );
    }
    const json = Buffer.from(JSON.stringify({ type: 'config', version: header.version, hash: header.hash, size: header.size }));
    const prefix = Buffer.allocUnsafe(8);
    CONFIG_FRAME_MAGIC.copy(prefix, 0);
    prefix.writeUInt32BE(json.length, 4);
    return { ok: true, frame: Buffer.concat([prefix, json, payload]) };
  }
  const schema = Object.hasOwn(TEXT_SCHEMAS[options.from], message.type) ? TEXT_SCHEMAS[options.from][message.type] : undefined;
  if (!schema) return fail('GW_ERR_CLUSTER_MESSAGE_UNEXPECTED', `a ${options.from} does not send "${message.type}" messages`);
  const problem = schemaProblem(message.type, schema, message);
  if (problem) return fail('GW_ERR_CLUSTER_MESSAGE_INVALID', problem);
  const text = JSON.stringify(message);
  if (Buffer.byteLength(text) > MAX_CONTROL_MESSAGE_BYTES) return fail('GW_ERR_CLUSTER_MESSAGE_TOO_LARGE', `${message.type} message is over ${mib(MAX_CONTROL_MESSAGE_BYTES)}`);
  return { ok: true, frame: text };
}
