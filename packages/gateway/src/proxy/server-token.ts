// The name and version the gateway puts in Via and Server headers, read once from this
// package's package.json (two levels up from both src/proxy/ and dist/proxy/).
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** `gatehouse/<version>`, as Kong uses `kong/<version>` for Server and in Via. */
export const SERVER_TOKEN = `gatehouse/${readVersion()}`;

/**
 * One Via entry for a hop that received `protocolVersion` (`1.1`, `1.0`, `2`): Kong 3.8+ sends
 * `<version> kong/<x.y.z>` both upstream and downstream, appended to any Via already present.
 */
export function viaEntry(protocolVersion: string): string {
  return `${protocolVersion} ${SERVER_TOKEN}`;
}

/** Appends our entry to an existing Via header value (a list or repeated headers). */
export function appendVia(existing: string | string[] | undefined, protocolVersion: string): string {
  const own = viaEntry(protocolVersion);
  if (existing === undefined || existing.length === 0) return own;
  const prior = Array.isArray(existing) ? existing.join(', ') : existing;
  return `${prior}, ${own}`;
}
