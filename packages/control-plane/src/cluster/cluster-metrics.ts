// The cluster's numbers on the control plane's /metrics: data planes by sync state (read from
// the registry at scrape time), configs framed for pushing, ACKs with their latency from
// publish to ACK, and NACKs by code.

import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ClusterServer } from './cluster-server.js';

/** Seconds from publishing a config to a node's ACK of it. */
const ACK_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function observeCluster(registry: Registry, server: ClusterServer): void {
  const registers = [registry];
  new Gauge({
    name: 'gatehouse_cluster_data_planes',
    help: 'Known data planes by state: connected, in_sync, behind, failing (NACKed the newest config), incompatible, disconnected.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const s = server.registry.summary();
      for (const state of ['connected', 'in_sync', 'behind', 'failing', 'incompatible', 'disconnected'] as const) this.set({ state }, s[state]);
    },
  });
  const frames = new Counter({ name: 'gatehouse_cluster_config_frames_total', help: 'Config versions compressed and framed for pushing (one per version).', registers });
  const frameBytes = new Gauge({ name: 'gatehouse_cluster_config_frame_bytes', help: 'Compressed size of the newest config frame, in bytes.', registers });
  const acks = new Histogram({ name: 'gatehouse_cluster_ack_latency_seconds', help: 'Time from publishing a config to each data plane\'s ACK of it.', buckets: ACK_BUCKETS_S, registers });
  const nacks = new Counter({ name: 'gatehouse_cluster_nacks_total', help: 'Configs a data plane refused, by error code.', labelNames: ['code'] as const, registers });
  server.on('frame', (stats) => {
    frames.inc();
    frameBytes.set(stats.bytes);
  });
  server.on('ack', (event) => acks.observe(event.latency_ms / 1000));
  server.on('nack', (event) => nacks.inc({ code: event.code }));
}
