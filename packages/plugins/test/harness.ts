/**
 * Test harness for plugins: a real gateway (GatewayNode on 127.0.0.1) with the given plugins,
 * a real origin (testkit's echo server), and declarative configs applied through the same
 * normalisation the nodes use, so schema defaults are filled exactly as in production.
 */
import type { TestContext } from 'node:test';
import { normaliseConfig } from '@gatehouse/config';
import type { NormalisedConfig } from '@gatehouse/config';
import { GatewayNode } from '@gatehouse/gateway';
import type { GatewayNodeOptions, GatewayPlugin } from '@gatehouse/gateway';
import { startOrigin } from '@gatehouse/testkit';
import type { Origin, OriginOptions } from '@gatehouse/testkit';
import { pino } from 'pino';

export const quiet = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

const loopback = () => ({ host: '127.0.0.1', port: 0, ssl: false, http2: false });

export interface PluginGateway {
  readonly node: GatewayNode;
  /** http://127.0.0.1:<proxy port> */
  readonly url: string;
  /** http://127.0.0.1:<status port> */
  readonly statusUrl: string;
  /** The origin's URL (an echo server: it answers with what it received as JSON). */
  readonly originUrl: string;
  /** The origin itself: its recorded requests, behaviour switches. */
  readonly origin: Origin;
  /** Applies a declarative config (without _format_version); throws with every error when invalid. */
  apply(doc: Record<string, unknown>): NormalisedConfig;
}

let version = 0;

/** A gateway with `plugins` and an echo origin, both closed after the test. */
export async function startPluginGateway(
  t: TestContext,
  plugins: readonly GatewayPlugin[],
  opts: Partial<GatewayNodeOptions> & { origin?: OriginOptions } = {},
): Promise<PluginGateway> {
  const { origin: originOptions, ...nodeOptions } = opts;
  const origin = await startOrigin(originOptions);
  t.after(() => origin.close());
  const node = await GatewayNode.start({ logger: quiet, proxyListen: [loopback()], statusListen: [loopback()], plugins, ...nodeOptions });
  t.after(() => node.close(0));
  const port = node.proxyAddresses()[0]!.port;
  return {
    node,
    url: `http://127.0.0.1:${port}`,
    statusUrl: `http://127.0.0.1:${node.statusAddresses()[0]!.port}`,
    originUrl: origin.url,
    origin,
    apply(doc) {
      const r = normaliseConfig({ _format_version: '3.0', ...doc }, { plugins: node.engine.registry });
      if (!r.ok) throw new Error(r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n'));
      const applied = node.apply(r.config, { version: ++version, hash: r.hash, source: 'declarative_config' });
      if (!applied.ok) throw new Error(`${applied.code}: ${applied.message}`);
      return r.config;
    },
  };
}

/** A config with one service (to the origin) and one route on `paths`, plugins attached as given. */
export function oneRoute(
  originUrl: string,
  opts: { paths?: string[]; plugins?: unknown[]; routePlugins?: unknown[]; servicePlugins?: unknown[]; consumers?: unknown[] } = {},
): Record<string, unknown> {
  return {
    services: [
      {
        name: 'svc',
        url: originUrl,
        ...(opts.servicePlugins ? { plugins: opts.servicePlugins } : {}),
        routes: [{ name: 'r', paths: opts.paths ?? ['/'], ...(opts.routePlugins ? { plugins: opts.routePlugins } : {}) }],
      },
    ],
    ...(opts.plugins ? { plugins: opts.plugins } : {}),
    ...(opts.consumers ? { consumers: opts.consumers } : {}),
  };
}
