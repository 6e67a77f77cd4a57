// The control plane's Prometheus metrics, in a registry of its own (several control planes can
// run in one test process): Admin API requests by route, method and status, the current config
// version and size, plus the process's default metrics.

import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConfigMeta } from './store/index.js';

export class ControlPlaneMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'method' | 'status'>;
  readonly #version: Gauge;
  readonly #size: Gauge;
  readonly #commits: Counter;

  constructor() {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'gatehouse_admin_requests_total',
      help: 'Admin API requests answered, by route pattern, method and status code.',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    });
    this.#version = new Gauge({ name: 'gatehouse_config_version', help: 'Version of the current config (0: none yet).', registers });
    this.#size = new Gauge({ name: 'gatehouse_config_size_bytes', help: 'Size of the current canonical config in bytes.', registers });
    this.#commits = new Counter({ name: 'gatehouse_config_commits_total', help: 'New config versions committed since start.', registers });
    collectDefaultMetrics({ register: this.registry });
  }

  readonly observeRequest = (route: string, method: string, status: number): void => {
    this.#requests.inc({ route, method, status: String(status) });
  };

  setConfig(meta: ConfigMeta | null, committed = false): void {
    this.#version.set(meta?.version ?? 0);
    this.#size.set(meta?.size ?? 0);
    if (committed) this.#commits.inc();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
