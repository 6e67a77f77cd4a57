/**
 * Kong's DB-less mode: a data plane that serves a declarative config file with no control
 * plane. The file is validated with this node's plugin schemas; an invalid file refuses to
 * start (every error logged), and a reload (SIGHUP) that fails keeps the running config.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatConfigError, loadDeclarativeConfig } from '@gatehouse/config';
import type { ConfigError } from '@gatehouse/config';
import type { Logger } from 'pino';
import { GatewayNode } from './gateway-node.js';
import type { GatewayNodeOptions } from './gateway-node.js';

export type ReloadResult =
  | { readonly ok: true; readonly hash: string; readonly changed: boolean }
  | { readonly ok: false; readonly code: string; readonly errors: readonly string[] };

export class StandaloneNode {
  readonly gateway: GatewayNode;
  readonly #file: string;
  readonly #log: Logger;

  private constructor(gateway: GatewayNode, file: string, log: Logger) {
    this.gateway = gateway;
    this.#file = file;
    this.#log = log;
  }

  static async start(file: string, opts: GatewayNodeOptions): Promise<StandaloneNode> {
    const gateway = await GatewayNode.start(opts);
    const node = new StandaloneNode(gateway, file, opts.logger.child({ component: 'declarative-config' }));
    const first = await node.reload();
    if (!first.ok) {
      await gateway.close(0);
      throw Object.assign(new Error(`declarative_config ${file} is invalid:\n${first.errors.join('\n')}`), { code: first.code });
    }
    return node;
  }

  /** Re-reads the file and swaps it in; on any problem the running config keeps serving. */
  async reload(): Promise<ReloadResult> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.#file);
    } catch (err) {
      const message = `cannot read ${this.#file}: ${(err as Error).message}`;
      this.#log.error({ code: 'GW_ERR_CONFIG_READ', file: this.#file }, message);
      return { ok: false, code: 'GW_ERR_CONFIG_READ', errors: [message] };
    }
    const loaded = loadDeclarativeConfig(bytes, { fileName: basename(this.#file), plugins: this.gateway.engine.registry });
    if (!loaded.ok) return this.#refuse('GW_ERR_CONFIG_INVALID', loaded.errors);
    const running = this.gateway.engine.current?.meta.hash;
    if (running === loaded.hash) {
      this.#log.info({ hash: loaded.hash }, 'declarative config unchanged');
      return { ok: true, hash: loaded.hash, changed: false };
    }
    const applied = this.gateway.apply(loaded.config, { version: null, hash: loaded.hash, source: 'declarative_config' });
    if (!applied.ok) return { ok: false, code: applied.code, errors: [applied.message] };
    return { ok: true, hash: loaded.hash, changed: true };
  }

  #refuse(code: string, errors: readonly ConfigError[]): ReloadResult {
    const lines = errors.map(formatConfigError);
    this.#log.error({ code, file: this.#file, errors: lines }, `declarative config refused (${lines.length} errors); the running config keeps serving`);
    return { ok: false, code, errors: lines };
  }

  close(graceMs: number): Promise<void> {
    return this.gateway.close(graceMs);
  }
}
