/**
 * Correlation id generators, Kong's three. State is per gateway process, as Kong's is per
 * nginx worker: one UUID and one counter shared by every correlation-id instance.
 */
import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { PluginContext } from '@gatehouse/gateway';
import type { CorrelationIdConfig } from './schema.js';

export type IdGenerator = (ctx: PluginContext) => string;

const processUuid = randomUUID();
let counter = 0;
let trackerSequence = 0;
let serverAddress: string | undefined;

/** This machine's first external IPv4 address (Kong's $server_addr is the accepting socket's). */
function localAddress(): string {
  if (serverAddress !== undefined) return serverAddress;
  serverAddress = '127.0.0.1';
  for (const list of Object.values(networkInterfaces())) {
    const found = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) {
      serverAddress = found.address;
      break;
    }
  }
  return serverAddress;
}

const GENERATORS: Record<CorrelationIdConfig['generator'], IdGenerator> = {
  uuid: () => randomUUID(),
  'uuid#counter': () => `${processUuid}#${++counter}`,
  // Kong: server_addr-server_port-worker_pid-connection-connection_requests-now. Plugins do not
  // see the connection, so a per-process request sequence stands for it, and 1 for its requests.
  tracker: (ctx) => `${localAddress()}-${ctx.request.port}-${process.pid}-${++trackerSequence}-1-${(Date.now() / 1000).toFixed(3)}`,
};

export function generatorFor(name: CorrelationIdConfig['generator']): IdGenerator {
  return GENERATORS[name];
}
