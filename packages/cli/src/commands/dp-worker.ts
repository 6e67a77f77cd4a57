/**
 * The entry of a proxy worker process, forked by `gatehouse dp` when worker_processes > 1
 * (bin/gatehouse.js runs it instead of the command line when node:cluster says this process is
 * a worker). Settings come from the primary, so every worker of a node runs with the ones the
 * node started with; the worker adds the bundled plugins, the node logger and the default
 * certificate, and the data-plane runtime does the rest.
 */
import { createNodeLogger } from '@gatehouse/control-plane';
import { runWorker } from '@gatehouse/data-plane';
import type { Logger } from 'pino';
import { bundledPlugins } from '../bundled-plugins.js';
import { GATEHOUSE_VERSION } from '../version.js';
import { defaultCertificate } from './default-certificate.js';
import { SHUTDOWN_GRACE_MS } from './dp.js';

export async function dpWorkerCommand(): Promise<number> {
  const code = await runWorker({
    version: GATEHOUSE_VERSION,
    signalGraceMs: SHUTDOWN_GRACE_MS,
    setup: async ({ slot, settings }) => {
      const logger = createNodeLogger(settings.log_level).child({ node: 'data_plane', worker: slot, gatehouse_version: GATEHOUSE_VERSION }) as unknown as Logger;
      const bundled = bundledPlugins();
      return {
        logger,
        plugins: bundled.plugins,
        defaultCertificate: await defaultCertificate(settings.prefix, settings.proxy_listen),
        metrics: () => bundled.prometheus.metrics.registry.getMetricsAsJSON(),
      };
    },
  });
  // A drained worker has closed its listeners and pools; whatever still holds the event loop
  // (a lingering upstream socket, a timer) must not keep it alive.
  setTimeout(() => process.exit(code), 1000).unref();
  return code;
}
