import type { TestContext } from 'node:test';
import { normaliseConfig } from '@gatehouse/config';
import type { NormalisedConfig } from '@gatehouse/config';
import { pino } from 'pino';
import { GatewayNode } from '../../src/index.js';
import type { GatewayNodeOptions } from '../../src/index.js';

export const quiet = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

const loopback = (ssl = false) => ({ host: '127.0.0.1', port: 0, ssl, http2: false });

/** A gateway on 127.0.0.1 with OS-picked ports, closed after the test. */
export async function startGateway(t: TestContext, opts: Partial<GatewayNodeOptions> & { tls?: boolean } = {}) {
  const node = await GatewayNode.start({
    logger: quiet,
    proxyListen: opts.tls ? [loopback(), loopback(true)] : [loopback()],
    statusListen: [loopback()],
    ...opts,
  });
  t.after(() => node.close(0));
  const http = node.proxyAddresses().find((a) => !a.ssl)!;
  const https = node.proxyAddresses().find((a) => a.ssl);
  return {
    node,
    url: `http://127.0.0.1:${http.port}`,
    httpsPort: https?.port,
    statusUrl: `http://127.0.0.1:${node.statusAddresses()[0]!.port}`,
  };
}

/** Normalises a declarative config (throws with every error when it is invalid). */
export function config(doc: Record<string, unknown>, plugins?: GatewayNode['engine']['registry']): { config: NormalisedConfig; hash: string } {
  const r = normaliseConfig({ _format_version: '3.0', ...doc }, plugins ? { plugins } : {});
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n'));
  return { config: r.config, hash: r.hash };
}

export function apply(node: GatewayNode, doc: Record<string, unknown>, version = 1) {
  const c = config(doc, node.engine.registry);
  const result = node.apply(c.config, { version, hash: c.hash, source: 'declarative_config' });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return c;
}
