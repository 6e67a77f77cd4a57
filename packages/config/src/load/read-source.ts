import type { ConfigError } from '../errors.js';

/** Default upper bound on a declarative config file: far above a 10,000-route config (~3 MB). */
export const DEFAULT_MAX_CONFIG_BYTES = 64 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Where the first invalid UTF-8 sequence starts, as line:col (1-based), for the error message. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let len = 1;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    else if (b >= 0x80) return { line, col: i - lineStart + 1 };
    if (len > 1) {
      try {
        decoder.decode(bytes.subarray(i, i + len));
      } catch {
        return { line, col: i - lineStart + 1 };
      }
    }
    if (b === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
    i += len;
  }
  return { line, col: i - lineStart + 1 };
}

export type SourceText = { ok: true; text: string } | { ok: false; error: ConfigError };

/** Bytes to text: enforces the size limit and strict UTF-8, strips a BOM. */
export function decodeSource(input: Uint8Array | string, fileName: string | undefined, maxBytes: number): SourceText {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) {
    return {
      ok: false,
      error: {
        code: 'GW_ERR_CONFIG_TOO_LARGE',
        path: [],
        message: `config is ${size} bytes, over the limit of ${maxBytes} bytes; split it or raise the limit`,
        ...(fileName === undefined ? {} : { position: { file: fileName, line: 1, col: 1 } }),
      },
    };
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = decoder.decode(input);
    } catch {
      const at = firstInvalidUtf8(input);
      return {
        ok: false,
        error: {
          code: 'GW_ERR_CONFIG_ENCODING',
          path: [],
          message: 'invalid UTF-8 byte sequence; save the file as UTF-8',
          position: { ...(fileName === undefined ? {} : { file: fileName }), ...at },
        },
      };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}
