import type { PeerSource } from '../upstream-types.js';

/**
 * A service whose host is not an upstream's name goes straight to that host (undici resolves
 * it), as Kong does; there is no health state to keep, so every attempt gets the same peer.
 */
export function directPeerSource(host: string, port: number): PeerSource {
  const peer = Object.freeze({ key: `${host}:${port}`, targetId: null, host: host.replace(/^\[(.*)\]$/, '$1'), port, hostname: host });
  return {
    pick: () => peer,
    acquire: () => undefined,
    release: () => undefined,
    report: () => undefined,
  };
}
