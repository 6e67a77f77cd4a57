/**
 * The demo cluster on 127.0.0.1: embedded S3 storage, an echo upstream, shared mTLS cluster
 * certificates, a control plane seeded with the example config, a backup node exporting to
 * the storage and two data planes with fallback import on. Everything lives in one temp dir;
 * close() stops and removes all of it, whatever state start() reached.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSharedCert, writeCertFiles } from '@gatehouse/protocol';
import { startOrigin, startS3Server, tempDir } from '@gatehouse/testkit';
import type { Origin, S3Server, SpawnedProcess, TempDir } from '@gatehouse/testkit';
import type { DemoAbort } from './demo-abort.js';
import { DemoFailure } from './demo-abort.js';
import { writeConf, writeDemoConfig } from './demo-config.js';
import { nodeStatus, waitReady } from './demo-http.js';
import type { DemoOutput } from './demo-output.js';
import type { DemoPorts } from './demo-ports.js';
import { DemoProcesses } from './demo-processes.js';

export const DEMO_BUCKET = 'gatehouse-demo';
export const DEMO_STORAGE = `s3://${DEMO_BUCKET}/demo`;

const CP_READY = /control plane ready/;
const DP_READY = /data plane started/;

type Settings = Record<string, string | number>;

/** /status config_source, in words. */
const SOURCES: Record<string, string> = { control_plane: 'the control plane', fallback_storage: 'fallback storage', cache: 'its cache' };

export class DemoCluster {
  readonly procs: DemoProcesses;
  dir: TempDir | undefined;
  s3: S3Server | undefined;
  origin: Origin | undefined;
  /** The running control plane. */
  cp: SpawnedProcess | undefined;
  #tls: Settings = {};
  #cpConf = '';

  constructor(
    readonly ports: DemoPorts,
    readonly abort: DemoAbort,
    readonly out: DemoOutput,
  ) {
    this.procs = new DemoProcesses(abort);
  }

  /** The AWS_* environment of the nodes and of storage readers. */
  storageEnv(): Record<string, string> {
    if (!this.s3) throw new Error('the S3 server is not running');
    return this.s3.env();
  }

  /** Starts every part in order, printing a line as each one is up; `notes` go below the heading. */
  async start(notes: readonly string[]): Promise<void> {
    const { abort, out, ports } = this;
    this.dir = await tempDir('gatehouse-demo-');
    const dir = this.dir.path;
    out.line(`gatehouse demo: a local cluster on 127.0.0.1 (its files: ${dir})`);
    for (const note of notes) out.line(`  ${note}`);

    this.s3 = await abort.guard(startS3Server({ buckets: [DEMO_BUCKET], port: ports.s3, directory: join(dir, 's3') }));
    out.part('storage', `S3 ${this.s3.endpoint}, bucket ${DEMO_BUCKET}`);
    this.origin = await abort.guard(startOrigin({ name: 'echo' }));
    out.part('echo upstream', this.origin.url);

    const certs = join(dir, 'certs');
    await mkdir(certs);
    const written = await abort.guard(generateSharedCert().then((pair) => writeCertFiles(certs, pair)));
    this.#tls = { cluster_cert: written.certPath, cluster_cert_key: written.keyPath };
    out.part('certificates', `shared mTLS pair in ${certs}`);

    const config = await writeDemoConfig(dir, this.origin);
    this.#cpConf = await writeConf(dir, 'cp', {
      role: 'control_plane',
      prefix: join(dir, 'cp'),
      admin_listen: `127.0.0.1:${ports.admin}`,
      status_listen: `127.0.0.1:${ports.cpStatus}`,
      cluster_listen: `127.0.0.1:${ports.cluster}`,
      declarative_config: config.path,
      cluster_push_interval: 0.2,
      ...this.#tls,
    });
    await this.startControlPlane('control plane');
    out.part('control plane', `admin http://127.0.0.1:${ports.admin}, seeded with ${config.shownAs} (${config.counts})`);

    const backupConf = await writeConf(dir, 'backup', {
      ...this.#nodeSettings('backup', ports.backupStatus),
      cluster_fallback_config_export_delay: 0,
    });
    const [, dp1, dp2] = await Promise.all([
      this.procs.start('backup node', ['backup', '-c', backupConf], DP_READY, this.storageEnv()),
      this.startDataPlane(1, ports.proxy1, ports.dp1Status),
      this.startDataPlane(2, ports.proxy2, ports.dp2Status),
    ]);
    out.part('backup node', `exports every config to ${DEMO_STORAGE}`);
    out.part('data plane 1', `proxy http://127.0.0.1:${ports.proxy1}, ${dp1}`);
    out.part('data plane 2', `proxy http://127.0.0.1:${ports.proxy2}, ${dp2}`);
  }

  /** Starts (or restarts) the control plane on its conf file and store. */
  async startControlPlane(label: string): Promise<SpawnedProcess> {
    this.cp = await this.procs.start(label, ['cp', '-c', this.#cpConf], CP_READY);
    return this.cp;
  }

  /**
   * Starts data plane `n` with fallback import on and waits until it serves a config;
   * resolves with where that config came from ("config v1 from control_plane").
   */
  async startDataPlane(n: number, proxyPort: number, statusPort: number): Promise<string> {
    const dir = this.dir!.path;
    const conf = await writeConf(dir, `dp-${n}`, {
      ...this.#nodeSettings(`dp-${n}`, statusPort),
      proxy_listen: `127.0.0.1:${proxyPort}`,
      cluster_fallback_config_import: 'on',
      cluster_fallback_config_timeout: 1,
    });
    const label = `data plane ${n}`;
    const proc = await this.procs.start(label, ['dp', '-c', conf], DP_READY, this.storageEnv());
    try {
      await waitReady(this.abort, statusPort);
    } catch (err) {
      if (this.abort.signal.aborted) throw err;
      throw new DemoFailure(`${label} is ${(err as Error).message}`, DemoProcesses.logTail(proc), { cause: err });
    }
    const status = await this.abort.guard(nodeStatus(statusPort));
    const from = SOURCES[status.config_source ?? ''] ?? `config_source ${String(status.config_source)}`;
    return `config v${String(status.configuration?.version)} from ${from}`;
  }

  #nodeSettings(name: string, statusPort: number): Settings {
    return {
      role: 'data_plane',
      prefix: join(this.dir!.path, name),
      cluster_control_plane: `127.0.0.1:${this.ports.cluster}`,
      status_listen: `127.0.0.1:${statusPort}`,
      cluster_fallback_config_storage: DEMO_STORAGE,
      ...this.#tls,
    };
  }

  /** Stops every process, closes the servers, removes the directory; says what it did. */
  async close(): Promise<string> {
    this.abort.cleaningUp();
    const done: string[] = [];
    const problems: string[] = [];
    const attempt = async (what: string, work: () => Promise<unknown>) => {
      try {
        await work();
        done.push(what);
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`);
      }
    };
    let stopped = 0;
    await attempt('processes stopped', async () => (stopped = await this.procs.stopAll()));
    if (this.origin) await attempt('echo upstream closed', () => this.origin!.close());
    if (this.s3) await attempt('S3 server closed', () => this.s3!.close());
    if (this.dir) await attempt(`${this.dir.path} removed`, () => this.dir!.cleanup());
    const summary = done.map((d) => (d === 'processes stopped' ? `${stopped} process${stopped === 1 ? '' : 'es'} stopped` : d)).join(', ');
    if (problems.length > 0) throw new DemoFailure(`cleanup incomplete (${summary})`, problems.join('\n'));
    return summary;
  }
}
