/**
 * The demo's ports: Kong's well-known layout (proxy 8000, Admin API 8001, cluster 8005,
 * status 8100) shifted to a base port, each one checked on 127.0.0.1. A port in use is replaced
 * by the next free one above it that no other part wants, and the move is reported.
 */
import { createServer } from 'node:net';
import { freePort } from '@gatehouse/testkit';

export const DEFAULT_BASE_PORT = 8000;

/** Offsets from the base port: 8000 + offset by default. */
const LAYOUT = {
  proxy1: { offset: 0, label: 'data plane 1 proxy' },
  admin: { offset: 1, label: 'Admin API' },
  cluster: { offset: 5, label: 'cluster listener' },
  proxy2: { offset: 10, label: 'data plane 2 proxy' },
  proxy3: { offset: 20, label: 'data plane 3 proxy' },
  cpStatus: { offset: 100, label: 'control plane status' },
  dp1Status: { offset: 101, label: 'data plane 1 status' },
  dp2Status: { offset: 102, label: 'data plane 2 status' },
  backupStatus: { offset: 103, label: 'backup node status' },
  dp3Status: { offset: 104, label: 'data plane 3 status' },
  s3: { offset: 1000, label: 'S3 storage' },
} as const;

export type PortName = keyof typeof LAYOUT;
export type DemoPorts = Record<PortName, number>;

/** The highest offset: --base-port must leave room for it below 65536. */
export const MAX_BASE_PORT = 65_535 - Math.max(...Object.values(LAYOUT).map((p) => p.offset));

const SCAN_ABOVE = 100;

/** Whether 127.0.0.1:port can be bound right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface PortPlan {
  readonly ports: DemoPorts;
  /** One line per port that was in use, e.g. "port 8000 in use; data plane 1 proxy on 8002 instead". */
  readonly moved: readonly string[];
}

const OUTAGE_ONLY: readonly PortName[] = ['proxy3', 'dp3Status'];

/**
 * Lays every port out from `base`, replacing the ones in use. Without `outage` the third data
 * plane's ports are not needed and are 0.
 */
export async function planPorts(base: number, outage: boolean): Promise<PortPlan> {
  const entries = (Object.entries(LAYOUT) as [PortName, (typeof LAYOUT)[PortName]][]).filter(([name]) => outage || !OUTAGE_ONLY.includes(name));
  const wanted = new Set(entries.map(([, p]) => base + p.offset));
  const taken = new Set<number>();
  const moved: string[] = [];
  const ports = { proxy3: 0, dp3Status: 0 } as DemoPorts;
  for (const [name, { offset, label }] of entries) {
    const preferred = base + offset;
    let port: number | undefined;
    if (await isPortFree(preferred)) port = preferred;
    for (let candidate = preferred + 1; port === undefined && candidate <= Math.min(preferred + SCAN_ABOVE, 65_535); candidate++) {
      if (!wanted.has(candidate) && !taken.has(candidate) && (await isPortFree(candidate))) port = candidate;
    }
    while (port === undefined || taken.has(port)) port = await freePort();
    if (port !== preferred) moved.push(`port ${preferred} in use; ${label} on ${port} instead`);
    taken.add(port);
    ports[name] = port;
  }
  return { ports, moved };
}
