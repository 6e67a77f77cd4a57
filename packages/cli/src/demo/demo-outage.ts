/**
 * `gatehouse demo --outage`: the reference scenario of docs/cluster.md ("the control plane is
 * down") with the running demo cluster. Each step prints "step N: ... ok" or throws an
 * OutageStepFailure that names the step.
 */
import { openSnapshotStore } from '@gatehouse/fallback';
import { httpRequest } from '@gatehouse/testkit';
import type { SpawnedProcess } from '@gatehouse/testkit';
import { DemoFailure } from './demo-abort.js';
import { DEMO_STORAGE } from './demo-cluster.js';
import type { DemoCluster } from './demo-cluster.js';
import { PROBE_PATH, nodeStatus, probe, waitUntil } from './demo-http.js';

/** A failed step: `step` is its number. */
export class OutageStepFailure extends DemoFailure {
  constructor(
    readonly step: number,
    cause: unknown,
  ) {
    super((cause as Error).message, cause instanceof DemoFailure ? cause.detail : '', { cause });
  }
}

/** Runs the walk-through; resolves with how long it took, in seconds. */
export async function runOutage(cluster: DemoCluster): Promise<number> {
  const { abort, out, ports } = cluster;
  const started = Date.now();
  let step = 0;
  const run = async (work: () => Promise<string>): Promise<void> => {
    step += 1;
    try {
      out.step(step, await work());
    } catch (err) {
      if (abort.signal.aborted) throw err;
      throw new OutageStepFailure(step, err);
    }
  };
  const expect200 = async (port: number, who: string): Promise<string> => {
    const res = await abort.guard(probe(port));
    if (res.status !== 200) throw new DemoFailure(`${who}: GET ${PROBE_PATH} answered ${res.status}, not 200: ${res.text().slice(0, 200)}`);
    return `GET ${PROBE_PATH} → ${res.status}`;
  };

  out.line('\nControl-plane outage walk-through (the runbook in docs/cluster.md):');
  // The AWS SDK warns once per process that its 2027 releases need Node 22: noise here.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const store = openSnapshotStore({ url: DEMO_STORAGE, env: cluster.storageEnv() });
  try {
    let exported = 0;
    await run(async () => {
      const latest = await waitUntil(abort, 'the backup node exporting the config', async () => (await store.list()).find((s) => s.latest));
      exported = latest.version;
      return `the backup node exported config v${exported} to ${DEMO_STORAGE}`;
    });

    await run(async () => {
      const cp = cluster.cp!;
      const code = await cluster.procs.stop(cp);
      if (code !== 0) throw new DemoFailure(`the control plane exited with code ${String(code)} on SIGTERM`, cp.output(12));
      return `control plane stopped (SIGTERM); data plane 1 keeps serving: ${await expect200(ports.proxy1, 'data plane 1')}`;
    });

    await run(async () => {
      await cluster.startDataPlane(3, ports.proxy3, ports.dp3Status);
      return `a new data plane 3 started while the control plane is down (proxy http://127.0.0.1:${ports.proxy3}, status http://127.0.0.1:${ports.dp3Status})`;
    });

    await run(async () => {
      const st = await abort.guard(nodeStatus(ports.dp3Status));
      if (st.config_source !== 'fallback_storage') throw new DemoFailure(`data plane 3 reports config_source ${String(st.config_source)}, not fallback_storage`);
      if (st.configuration?.version !== exported) throw new DemoFailure(`data plane 3 runs config v${String(st.configuration?.version)}, not the exported v${exported}`);
      const served = await expect200(ports.proxy3, 'data plane 3');
      return `data plane 3 /status: config_source fallback_storage, config v${exported}, connected ${String(st.cluster?.connected)}; ${served}`;
    });

    let restarted: SpawnedProcess | undefined;
    await run(async () => {
      restarted = await cluster.startControlPlane('control plane (restarted)');
      return `control plane restarted on its stored config`;
    });

    await run(async () => {
      const st = await waitUntil(abort, 'data plane 3 reconnecting and the control plane confirming its config', async () => {
        const s = await nodeStatus(ports.dp3Status);
        return s.cluster?.connected && s.config_source === 'control_plane' ? s : undefined;
      }, 30_000);
      return `data plane 3 reconnected to the control plane: it confirmed config v${String(st.configuration?.version)}, config_source control_plane`;
    });

    await run(async () => {
      const res = await abort.guard(httpRequest(`http://127.0.0.1:${ports.admin}/consumers`, { method: 'POST', json: { username: 'after-the-outage' } }));
      if (res.status !== 201) throw new DemoFailure(`POST /consumers answered ${res.status}: ${res.text().slice(0, 300)}`, restarted?.output(12) ?? '');
      const st = await waitUntil(abort, 'data plane 3 running the new config from the control plane', async () => {
        const s = await nodeStatus(ports.dp3Status);
        return s.config_source === 'control_plane' && (s.configuration?.version ?? 0) > exported ? s : undefined;
      });
      return `a change after the outage (POST /consumers) reached data plane 3: config v${String(st.configuration?.version)}, config_source control_plane`;
    });
  } finally {
    store.close();
  }
  return (Date.now() - started) / 1000;
}
