/**
 * Config → Snapshot: the router, a peer source per service, a balancer per upstream, the
 * plugin chains and the TLS certificates. Throws a coded error naming what could not be built;
 * anything built before the failure is closed again.
 */
import type { SecureContext } from 'node:tls';
import type { NormalisedConfig, Route, Service, Target, Upstream } from '@gatehouse/config';
import { PluginChains } from '../plugins/plugin-chains.js';
import type { GatewayPlugin } from '../plugins/plugin-contract.js';
import { compileRouter } from '../router/index.js';
import type { PeerSource } from '../upstream-types.js';
import { directPeerSource } from './direct-peer.js';
import { Snapshot } from './snapshot.js';
import type { ConfigMeta, UpstreamRuntime } from './snapshot.js';
import { buildCertificateSelector } from './tls-certificates.js';

export interface CompileDeps {
  readonly plugins: ReadonlyMap<string, GatewayPlugin>;
  readonly createUpstream: (upstream: Upstream, targets: Target[]) => UpstreamRuntime;
  readonly defaultCertificate: SecureContext | null;
}

export function compileSnapshot(config: NormalisedConfig, meta: ConfigMeta, deps: CompileDeps): Snapshot {
  const services = new Map<string, Service>(config.services.map((s) => [s.id, s]));
  // Kong: the routes of a disabled service behave as if they did not exist.
  const live = config.routes.filter((r) => r.service === null || services.get(r.service.id)?.enabled !== false);
  const router = compileRouter(live);
  const routes = new Map<string, Route>(live.map((r) => [r.id, r]));

  const targetsByUpstream = new Map<string, Target[]>();
  for (const t of config.targets) {
    const list = targetsByUpstream.get(t.upstream.id);
    if (list) list.push(t);
    else targetsByUpstream.set(t.upstream.id, [t]);
  }
  const upstreams = new Map<string, { upstream: Upstream; runtime: UpstreamRuntime }>();
  let plugins: PluginChains | undefined;
  try {
    for (const u of config.upstreams) upstreams.set(u.name, { upstream: u, runtime: deps.createUpstream(u, targetsByUpstream.get(u.id) ?? []) });
    const peers = new Map<string, PeerSource>();
    for (const s of config.services) peers.set(s.id, upstreams.get(s.host)?.runtime ?? directPeerSource(s.host, s.port));
    plugins = new PluginChains(config, deps.plugins);
    const certificates = buildCertificateSelector(config, deps.defaultCertificate);
    const matchesHeaders = live.some((r) => r.headers !== null && Object.keys(r.headers).length > 0);
    return new Snapshot({ meta, config, router, services, routes, peers, upstreams, plugins, certificates, matchesHeaders });
  } catch (err) {
    for (const { runtime } of upstreams.values()) void runtime.close();
    if (plugins) void plugins.close();
    throw err;
  }
}
