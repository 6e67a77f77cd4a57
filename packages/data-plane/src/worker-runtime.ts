/**
 * The worker side of a multi-process data plane (node:cluster). It says hello, takes its
 * settings and the node's running config from the primary, applies that config and only then
 * listens; afterwards it applies every config the primary hands it and answers applied or
 * failed, reports its stats and metrics on request, and drains on `drain` or on SIGTERM/SIGINT
 * (a terminal's Ctrl-C reaches the whole process group). When the primary goes away, node:cluster
 * ends the worker.
 */
import cluster from 'node:cluster';
import type { SecureContext } from 'node:tls';
import type { GatewayPlugin } from '@gatehouse/gateway';
import type { Logger } from 'pino';
import { WorkerGateway } from './worker-gateway.js';
import { parsePrimaryMessage, wireCode, wireText } from './worker-messages.js';
import type { MetricJson, PrimaryMessage, WorkerMessage, WorkerSettings } from './worker-messages.js';

/** What the process provides once it knows its settings: logger, plugins, default certificate, metrics. */
export interface WorkerServices {
  readonly logger: Logger;
  readonly plugins: readonly GatewayPlugin[];
  readonly defaultCertificate: SecureContext | null;
  /** The process's prometheus registry as JSON (registry.getMetricsAsJSON()), for the primary to aggregate. */
  readonly metrics?: () => Promise<readonly unknown[]>;
}

export interface WorkerRuntimeOptions {
  /** The gatehouse version; the primary refuses a worker of another build (the binary changed on disk). */
  readonly version: string;
  readonly setup: (init: { readonly slot: number; readonly settings: WorkerSettings }) => Promise<WorkerServices>;
  /** Default 10 s: SIGTERM on the worker itself drains with this grace. */
  readonly signalGraceMs?: number;
}

/** Runs until drained; resolves with the exit code (0 after a drain, 1 when the start failed). */
export function runWorker(opts: WorkerRuntimeOptions): Promise<number> {
  const send = (message: WorkerMessage): void => {
    if (process.connected) process.send?.(message);
  };
  let gateway: WorkerGateway | null = null;
  let services: WorkerServices | null = null;
  let draining = false;
  let starting = false;

  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      process.off('message', onMessage);
      // Through node:cluster, so the primary sees an orderly exit (exitedAfterDisconnect).
      if (cluster.worker?.isConnected()) cluster.worker.disconnect();
      resolve(code);
    };
    const closeAndFinish = (graceMs: number): void => {
      const closed = gateway ? gateway.close(graceMs) : Promise.resolve();
      void closed.catch((err: unknown) => services?.logger.error({ err }, 'worker shutdown failed')).finally(() => finish(0));
    };
    const drain = (graceMs: number, why: string): void => {
      if (draining) return;
      draining = true;
      services?.logger.info({ reason: why }, 'worker stopping');
      // While starting, start() finishes first and then closes what it opened.
      if (!starting || gateway) closeAndFinish(graceMs);
    };
    const onSignal = (signal: NodeJS.Signals) => drain(opts.signalGraceMs ?? 10_000, signal);

    const start = async (init: Extract<PrimaryMessage, { type: 'init' }>): Promise<void> => {
      try {
        services = await opts.setup({ slot: init.slot, settings: init.settings });
        const log = services.logger;
        gateway = await WorkerGateway.start(
          { logger: log, plugins: services.plugins, listen: init.settings.proxy_listen, defaultCertificate: services.defaultCertificate, accessLog: init.settings.proxy_access_log },
          init.config,
        );
        log.info({ slot: init.slot, config_version: init.config?.meta.version ?? null, config_hash: init.config?.meta.hash ?? null }, 'worker serving');
        send({ type: 'started', running: gateway.running() });
        if (draining) closeAndFinish(0);
      } catch (err) {
        const e = err as Error & { code?: string };
        services?.logger.error({ err: e, code: e.code }, 'worker could not start');
        send({ type: 'start_failed', code: wireCode(e.code, 'GW_ERR_DP_WORKER_START'), message: wireText(e.message) });
        draining = true;
        finish(1);
      }
    };

    const metrics = async (seq: number): Promise<void> => {
      let list: readonly unknown[] = [];
      try {
        list = (await services?.metrics?.()) ?? [];
      } catch (err) {
        services?.logger.warn({ err }, 'could not collect this worker\'s metrics');
      }
      send({ type: 'metrics', seq, metrics: list as readonly MetricJson[] });
    };

    function onMessage(raw: unknown): void {
      const parsed = parsePrimaryMessage(raw);
      if (!parsed.ok) {
        services?.logger.warn({ code: 'GW_ERR_DP_WORKER_MESSAGE', detail: parsed.error }, 'ignored a malformed message from the primary process');
        return;
      }
      const message = parsed.message;
      switch (message.type) {
        case 'init':
          if (starting) return;
          starting = true;
          void start(message);
          return;
        case 'apply': {
          if (!gateway || draining) {
            send({ type: 'apply_failed', seq: message.seq, hash: message.config.meta.hash, code: 'GW_ERR_DP_WORKER_NOT_SERVING', message: 'the worker is not serving (starting or draining)' });
            return;
          }
          const result = gateway.apply(message.config);
          if (result.ok) send({ type: 'applied', seq: message.seq, running: result.running });
          else send({ type: 'apply_failed', seq: message.seq, hash: message.config.meta.hash, code: wireCode(result.code, 'GW_ERR_DP_WORKER_APPLY'), message: wireText(result.message) });
          return;
        }
        case 'stats':
          if (gateway) send({ type: 'stats', seq: message.seq, stats: gateway.stats() });
          return;
        case 'metrics':
          void metrics(message.seq);
          return;
        case 'drain':
          drain(message.grace_ms, 'asked by the primary process');
          return;
      }
    }

    process.on('message', onMessage);
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    send({ type: 'hello', pid: process.pid, version: opts.version });
  });
}
