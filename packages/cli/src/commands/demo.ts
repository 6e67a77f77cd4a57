import { parseArgs } from 'node:util';
import { DEFAULT_BASE_PORT, MAX_BASE_PORT } from '../demo/demo-ports.js';
import { runDemo } from '../demo/run-demo.js';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';

export const demoHelp = `Usage: gatehouse demo [--outage] [--exit] [--base-port N]

Starts a whole cluster on 127.0.0.1 from this source tree (after a build), in one temp dir:
embedded S3 storage, an echo upstream, shared mTLS cluster certificates, a control plane
seeded with examples/demo/kong.yml (pointed at the echo upstream), a backup node exporting to
the storage, and two data planes with cluster_fallback_config_import = on. It prints every
port and requests to try (key-auth, rate-limiting, CORS, /status).

  --outage       then play the control-plane outage (docs/cluster.md): wait for the export,
                 stop the control plane, start a third data plane that comes up from storage,
                 bring the control plane back and watch that data plane rejoin it and take
                 the next change
  --exit         stop everything once done instead of running until Ctrl-C
  --base-port N  lay the ports out from N instead of ${DEFAULT_BASE_PORT} (proxy N, Admin API N+1,
                 cluster N+5, status N+100..., S3 N+1000); a port in use is replaced by a free one

Ctrl-C or SIGTERM stops every process the demo started, closes its servers and removes its
temp dir. Exit status: 0 when everything worked (or it was stopped), 1 when a part or a step
failed (the message names it), 64 on bad options.`;

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  let values: { outage?: boolean; exit?: boolean; 'base-port'?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { outage: { type: 'boolean' }, exit: { type: 'boolean' }, 'base-port': { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    io.err(`gatehouse demo: ${(err as Error).message}\n\n${demoHelp}`);
    return EXIT.USAGE;
  }
  const basePort = values['base-port'] === undefined ? DEFAULT_BASE_PORT : Number(values['base-port']);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > MAX_BASE_PORT) {
    io.err(`gatehouse demo: --base-port must be a whole number from 1024 to ${MAX_BASE_PORT}, not "${values['base-port']}"`);
    return EXIT.USAGE;
  }
  return runDemo({ basePort, outage: values.outage ?? false, exit: values.exit ?? false }, io);
}
