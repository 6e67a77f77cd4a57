/**
 * One demo run: plan the ports, start the cluster, print the summary, play the outage when
 * asked, then stay up until Ctrl-C / SIGTERM (or stop at once with --exit). Whatever happens,
 * every process, server and file it created is gone when it returns.
 */
import type { CliIo } from '../io.js';
import { EXIT } from '../io.js';
import { DemoAbort, DemoStopped } from './demo-abort.js';
import { DEMO_BUCKET, DemoCluster } from './demo-cluster.js';
import { DemoOutput } from './demo-output.js';
import { OutageStepFailure, runOutage } from './demo-outage.js';
import { planPorts } from './demo-ports.js';

export interface DemoOptions {
  readonly basePort: number;
  readonly outage: boolean;
  readonly exit: boolean;
}

export async function runDemo(options: DemoOptions, io: CliIo): Promise<number> {
  const out = new DemoOutput(io);
  // Before any child exists: our handlers, not testkit's kill-on-signal, decide what a signal does.
  const abort = new DemoAbort();
  let cluster: DemoCluster | undefined;
  let code: number = EXIT.OK;
  try {
    const started = Date.now();
    const plan = await abort.guard(planPorts(options.basePort, options.outage));
    cluster = new DemoCluster(plan.ports, abort, out);
    await cluster.start(plan.moved);
    out.summary({ ports: plan.ports, originPort: cluster.origin!.port, bucket: DEMO_BUCKET, seconds: (Date.now() - started) / 1000 });
    if (options.outage) {
      const seconds = await runOutage(cluster);
      out.line(`The walk-through took ${seconds.toFixed(1)} s.`);
    }
    if (!options.exit) {
      out.line('\nThe demo keeps running: press Ctrl-C to stop it and remove everything it started.');
      await abort.untilStopped();
    }
  } catch (err) {
    if (!(err instanceof DemoStopped)) {
      out.failure(err, err instanceof OutageStepFailure ? err.step : null);
      code = EXIT.INVALID;
    }
  } finally {
    out.line('\nStopping...');
    try {
      const summary = cluster ? await cluster.close() : 'nothing was started';
      out.line(`Stopped: ${summary}.`);
    } catch (err) {
      out.failure(err, null);
      code = EXIT.INVALID;
    }
    abort.dispose();
  }
  return code;
}
