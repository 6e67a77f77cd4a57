// Sizes and timings of the cluster protocol, with Kong's defaults.

/** Largest compressed config accepted or sent (Kong: 16 MiB), cluster_max_payload. */
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
/** The decompressed cap is this many times the compressed limit (128 MiB by default): a zip-bomb bound. */
export const DECOMPRESSED_FACTOR = 8;
/** JSON control messages (hello, ack, heartbeat ...) are small; anything bigger is refused unread. */
export const MAX_CONTROL_MESSAGE_BYTES = 1024 * 1024;
/** Room for the config frame's magic, length and JSON header on top of the payload, for ws's maxPayload. */
export const FRAME_OVERHEAD_BYTES = 4096 + 8;
/** Kong: a data plane pings every 30 s ... */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
/** ... and a peer silent for 45 s is dropped. */
export const DEFAULT_DEAD_AFTER_MS = 45_000;
/** Longest a NACK message may be; longer ones are cut. */
export const MAX_ERROR_MESSAGE_CHARS = 4096;

export interface SizeLimits {
  /** Largest compressed config payload, bytes. */
  readonly maxPayload: number;
  /** Largest decompressed config, bytes. */
  readonly maxDecompressedBytes: number;
}

export function sizeLimits(options: { maxPayload?: number | undefined; maxDecompressedBytes?: number | undefined } = {}): SizeLimits {
  const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  if (!Number.isSafeInteger(maxPayload) || maxPayload < 1024) throw new RangeError(`maxPayload must be an integer ≥ 1024, got ${maxPayload}`);
  const maxDecompressedBytes = options.maxDecompressedBytes ?? maxPayload * DECOMPRESSED_FACTOR;
  if (!Number.isSafeInteger(maxDecompressedBytes) || maxDecompressedBytes < maxPayload) {
    throw new RangeError(`maxDecompressedBytes must be an integer ≥ maxPayload, got ${maxDecompressedBytes}`);
  }
  return { maxPayload, maxDecompressedBytes };
}

/** ws's maxPayload for a connection: the largest frame either side may send. */
export function wsMaxPayload(limits: SizeLimits): number {
  return limits.maxPayload + FRAME_OVERHEAD_BYTES;
}

export function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 3 : 1)} MiB`;
}
