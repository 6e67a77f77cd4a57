/**
 * A compiled config: everything a request needs, built once off the hot path and never
 * changed. Requests hold a reference (enter/leave) so the snapshot they started on stays
 * usable; a retired snapshot closes its balancers and plugin instances once the last
 * request leaves.
 */
import type { NormalisedConfig, Route, Service, Upstream } from '@gatehouse/config';
import type { Router } from '../router/index.js';
import type { PluginChains } from '../plugins/plugin-chains.js';
import type { PeerSource } from '../upstream-types.js';
import type { CertificateSelector } from './tls-certificates.js';

/** Where the running config came from (reported by /status). */
export type ConfigSource = 'declarative_config' | 'control_plane' | 'cache' | 'fallback_storage';

export interface ConfigMeta {
  readonly version: number | null;
  readonly hash: string;
  readonly source: ConfigSource;
}

/** A balancer as the snapshot sees it: a peer source with a lifecycle and a health report. */
export interface UpstreamRuntime extends PeerSource {
  start(): void;
  health(): unknown;
  close(): Promise<void>;
}

export interface SnapshotParts {
  readonly meta: ConfigMeta;
  readonly config: NormalisedConfig;
  readonly router: Router;
  readonly services: ReadonlyMap<string, Service>;
  readonly routes: ReadonlyMap<string, Route>;
  /** Per service id: where its requests go (a balancer, or its host directly). */
  readonly peers: ReadonlyMap<string, PeerSource>;
  readonly upstreams: ReadonlyMap<string, { upstream: Upstream; runtime: UpstreamRuntime }>;
  readonly plugins: PluginChains;
  readonly certificates: CertificateSelector;
  /** Whether any route matches on headers (only then does routing need repeated headers apart). */
  readonly matchesHeaders: boolean;
}

export class Snapshot {
  readonly meta: ConfigMeta;
  readonly config: NormalisedConfig;
  readonly router: Router;
  readonly services: ReadonlyMap<string, Service>;
  readonly routes: ReadonlyMap<string, Route>;
  readonly peers: ReadonlyMap<string, PeerSource>;
  readonly upstreams: ReadonlyMap<string, { upstream: Upstream; runtime: UpstreamRuntime }>;
  readonly plugins: PluginChains;
  readonly certificates: CertificateSelector;
  readonly matchesHeaders: boolean;
  readonly loadedAt = Date.now();
  #inflight = 0;
  #retired: (() => void) | null = null;
  #closed: Promise<void> | null = null;

  constructor(parts: SnapshotParts) {
    this.meta = parts.meta;
    this.config = parts.config;
    this.router = parts.router;
    this.services = parts.services;
    this.routes = parts.routes;
    this.peers = parts.peers;
    this.upstreams = parts.upstreams;
    this.plugins = parts.plugins;
    this.certificates = parts.certificates;
    this.matchesHeaders = parts.matchesHeaders;
  }

  get inflight(): number {
    return this.#inflight;
  }

  /** Starts health checks and DNS refresh: called when the snapshot goes live. */
  start(): void {
    for (const { runtime } of this.upstreams.values()) runtime.start();
  }

  enter(): void {
    this.#inflight += 1;
  }

  leave(): void {
    this.#inflight -= 1;
    if (this.#inflight === 0 && this.#retired) this.#retired();
  }

  /** Stops taking new work; resolves once in-flight requests have left and everything is closed. */
  retire(): Promise<void> {
    if (this.#closed) return this.#closed;
    const drained = new Promise<void>((resolve) => {
      this.#retired = resolve;
      if (this.#inflight === 0) resolve();
    });
    this.#closed = drained.then(async () => {
      await Promise.allSettled([...this.upstreams.values()].map(({ runtime }) => runtime.close()));
      await this.plugins.close();
    });
    return this.#closed;
  }
}
