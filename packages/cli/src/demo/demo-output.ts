/** What the demo prints: one line per part as it comes up, the summary, steps, failures. */
import type { CliIo } from '../io.js';
import { DemoFailure } from './demo-abort.js';
import { DEMO_API_KEY, PROBE_PATH } from './demo-http.js';
import type { DemoPorts } from './demo-ports.js';

const LABEL_WIDTH = 14;

export interface SummaryFacts {
  readonly ports: DemoPorts;
  readonly originPort: number;
  readonly bucket: string;
  readonly seconds: number;
}

export class DemoOutput {
  constructor(private readonly io: CliIo) {}

  line(text = ''): void {
    this.io.out(text);
  }

  /** "✓ control plane  admin http://..." */
  part(label: string, detail: string): void {
    this.io.out(`✓ ${label.padEnd(LABEL_WIDTH)} ${detail}`);
  }

  step(n: number, text: string): void {
    this.io.out(`step ${n}: ${text} ... ok`);
  }

  /** A failure on stderr: what failed, why, and the last log lines of the process concerned. */
  failure(err: unknown, step: number | null): void {
    const where = step === null ? '' : `step ${step} failed: `;
    const message = err instanceof Error ? err.message : String(err);
    this.io.err(`✗ ${where}${message}`);
    const detail = err instanceof DemoFailure ? err.detail : err instanceof Error ? (err.stack ?? '') : '';
    if (detail) this.io.err(detail.split('\n').map((l) => `  ${l}`).join('\n'));
  }

  summary(f: SummaryFacts): void {
    const { ports: p } = f;
    const proxy = `http://127.0.0.1:${p.proxy1}`;
    const rows: [string, string][] = [
      ['proxy', `${p.proxy1} (data plane 1), ${p.proxy2} (data plane 2)`],
      ['Admin API', `${p.admin}`],
      ['cluster', `${p.cluster} (mTLS between the control plane and the nodes)`],
      ['status', `${p.cpStatus} (control plane), ${p.dp1Status} (data plane 1), ${p.dp2Status} (data plane 2), ${p.backupStatus} (backup node)`],
      ['S3 storage', `${p.s3} (bucket ${f.bucket})`],
      ['upstream', `${f.originPort} (echo server)`],
    ];
    const key = `-H 'apikey: ${DEMO_API_KEY}'`;
    const tries: [string, string][] = [
      ["the demo consumer's key: 200, the echo server answers with the request it got", `curl -i ${proxy}${PROBE_PATH} ${key}`],
      ['no key: 401', `curl -i ${proxy}${PROBE_PATH}`],
      ['rate limiting: 60 requests a minute per consumer', `curl -s -o /dev/null -D - ${proxy}${PROBE_PATH} ${key} | grep -i ratelimit`],
      ['CORS preflight from http://localhost:3000', `curl -i -X OPTIONS ${proxy}${PROBE_PATH} -H 'Origin: http://localhost:3000' -H 'Access-Control-Request-Method: GET'`],
      ["a data plane's status: config version, hash and where it came from", `curl http://127.0.0.1:${p.dp1Status}/status`],
      ['the nodes the control plane sees (Admin API)', `curl http://127.0.0.1:${p.admin}/clustering/data-planes`],
    ];
    this.io.out(
      [
        '',
        `The cluster is up (${f.seconds.toFixed(1)} s). Ports on 127.0.0.1:`,
        ...rows.map(([k, v]) => `  ${k.padEnd(11)} ${v}`),
        '',
        'Try:',
        ...tries.flatMap(([what, cmd]) => [`  # ${what}`, `  ${cmd}`]),
      ].join('\n'),
    );
  }
}
