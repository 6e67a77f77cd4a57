// Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and must not be forwarded.
// Kong (nginx's proxy module plus its runloop) drops Connection, Keep-Alive, Proxy-Connection,
// TE (re-sending `TE: trailers` when the client asked for trailers), Trailer, Transfer-Encoding,
// Upgrade (kept for WebSocket upgrades), `Proxy` (httpoxy), and every header Connection names.

/** Always hop-by-hop, in lower case. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const COMMON_CONNECTION: ReadonlySet<string> = new Set(['keep-alive', 'close', 'Keep-Alive', 'Close', 'upgrade', 'Upgrade']);

/** Comma-separated tokens of a header value (or of repeated headers), lower-cased, empties dropped. */
export function headerTokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(',') : value;
  const tokens: string[] = [];
  for (const part of joined.split(',')) {
    const token = part.trim().toLowerCase();
    if (token !== '') tokens.push(token);
  }
  return tokens;
}

/** Whether a TE header asks for trailers (`TE: trailers` or `TE: gzip, trailers;q=1`). */
export function wantsTrailers(te: string | string[] | undefined): boolean {
  return headerTokens(te).some((token) => token === 'trailers' || token.startsWith('trailers;'));
}

/**
 * The header names to drop from a message whose Connection header is `connection`:
 * the fixed hop-by-hop set plus whatever Connection lists.
 */
export function hopByHopNames(connection: string | string[] | undefined): ReadonlySet<string> {
  // The usual values name nothing beyond the fixed set: no token parsing per message.
  if (connection === undefined || (typeof connection === 'string' && COMMON_CONNECTION.has(connection))) return HOP_BY_HOP;
  const listed = headerTokens(connection).filter((token) => !HOP_BY_HOP.has(token));
  return listed.length === 0 ? HOP_BY_HOP : new Set([...HOP_BY_HOP, ...listed]);
}

/** Whether a request asks to switch protocols (`Connection: upgrade` plus an `Upgrade` header). */
export function isUpgradeRequest(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headers.upgrade !== undefined && headerTokens(headers.connection).includes('upgrade');
}
