// W3C Trace Context (https://www.w3.org/TR/trace-context/): a valid `traceparent` from the
// client is forwarded as it is (the gateway records no span of its own, so it must not invent
// a parent the trace backend never sees); a missing or malformed one is replaced by a new trace
// so every upstream request can be followed. `tracestate` is forwarded untouched.

import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_PARENT = '0'.repeat(16);

/** Whether `value` is a traceparent a W3C-conforming receiver accepts (versions after 00 may carry more fields). */
export function isValidTraceparent(value: string): boolean {
  const m = TRACEPARENT.exec(value);
  if (!m) return false;
  const [, version, traceId, parentId, , rest] = m;
  if (version === 'ff') return false;
  if (version === '00' && rest !== undefined) return false;
  return traceId !== ZERO_TRACE && parentId !== ZERO_PARENT;
}

// Random bytes for ids come from a pool refilled 4 KiB at a time: one randomBytes call per
// request showed up in the proxy's CPU profile.
const POOL_BYTES = 4096;
const ID_BYTES = 24;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** A new traceparent, sampled (flags 01) so services that sample by their parent record it. */
export function newTraceparent(): string {
  if (poolOffset + ID_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return `00-${hex.slice(0, 32)}-${hex.slice(32, 48)}-01`;
}

/** The trace id of a traceparent header value (for log lines), or undefined. */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const value = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  return value !== undefined && value.length >= 35 ? value.slice(3, 35) : undefined;
}

/** The traceparent to send upstream for what the client sent. */
export function upstreamTraceparent(sent: string | string[] | undefined): string {
  const value = Array.isArray(sent) ? (sent.length === 1 ? sent[0] : undefined) : sent;
  return value !== undefined && isValidTraceparent(value.trim()) ? value.trim() : newTraceparent();
}
