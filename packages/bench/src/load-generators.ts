/**
 * The two load generators behind one interface: wrk (C, one thread, when installed) and
 * autocannon (in this process) otherwise. One run uses one of them for every target.
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import autocannon from 'autocannon';
import { parseWrkOutput } from './wrk-output.js';
import type { WrkReport } from './wrk-output.js';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface LoadSample {
  requestsPerSec: number;
  requests: number;
  latencyMs: { p50: number; p99: number };
  /** Socket errors and timeouts. */
  errors: number;
  /** Responses outside 2xx (wrk: outside 2xx/3xx). */
  non2xx: number;
}

export interface LoadGenerator {
  /** "wrk 4.1.0 (1 thread, 50 connections)". */
  readonly description: string;
  readonly name: 'wrk' | 'autocannon';
  run(options: LoadOptions): Promise<LoadSample>;
}

/** The absolute path of an executable found in the usual places or on PATH, or null. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | null {
  const dirs = [...extraDirs, ...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function versionOf(bin: string, args: string[], pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 5_000 }, (_err, stdout, stderr) => resolve(pattern.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown version'));
  });
}

/** One wrk run as a sample: socket errors and timeouts count as errors. */
export function wrkSample(r: WrkReport): LoadSample {
  const e = r.socketErrors;
  return {
    requestsPerSec: r.requestsPerSec,
    requests: r.requests,
    latencyMs: { p50: r.latencyMs[50] ?? NaN, p99: r.latencyMs[99] ?? NaN },
    errors: e.connect + e.read + e.write + e.timeout,
    non2xx: r.non2xx,
  };
}

class Wrk implements LoadGenerator {
  readonly name = 'wrk';
  constructor(
    private readonly bin: string,
    readonly description: string,
  ) {}

  run(options: LoadOptions): Promise<LoadSample> {
    const headers = Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const args = ['-t1', `-c${options.connections}`, `-d${options.durationSec}s`, '--latency', '--timeout', '5s', ...headers, options.url];
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), (options.durationSec + 15) * 1000);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        try {
          resolve(wrkSample(parseWrkOutput(out)));
        } catch (err) {
          reject(new Error(`wrk ${signal ?? `exited ${String(code)}`}: ${(err as Error).message}`, { cause: err }));
        }
      });
    });
  }
}

class Autocannon implements LoadGenerator {
  readonly name = 'autocannon';
  constructor(readonly description: string) {}

  run(options: LoadOptions): Promise<LoadSample> {
    return new Promise((resolve, reject) => {
      const stop = () => instance.stop();
      const instance = autocannon(
        {
          url: options.url,
          connections: options.connections,
          duration: options.durationSec,
          pipelining: 1,
          timeout: 5,
          ...(options.headers ? { headers: options.headers } : {}),
        },
        (err, r) => {
          options.signal?.removeEventListener('abort', stop);
          if (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          resolve({
            requestsPerSec: r.requests.total / Math.max(r.duration, 0.001),
            requests: r.requests.total,
            latencyMs: { p50: r.latency.p50, p99: r.latency.p99 },
            errors: r.errors,
            non2xx: r.non2xx,
          });
        },
      );
      options.signal?.addEventListener('abort', stop, { once: true });
    });
  }
}

export type GeneratorChoice = 'auto' | 'wrk' | 'autocannon';

/**
 * wrk when installed (or asked for), else autocannon. Both get one thread of load so the
 * proxies keep the machine's other core.
 */
export async function pickLoadGenerator(choice: GeneratorChoice, connections: number): Promise<LoadGenerator> {
  const shape = `1 thread, ${connections} connections`;
  if (choice !== 'autocannon') {
    const bin = findExecutable('wrk', ['/usr/bin', '/usr/local/bin']);
    if (bin !== null) {
      const version = await versionOf(bin, ['--version'], /wrk (?:debian\/)?([\w.\-+]+)/);
      return new Wrk(bin, `wrk ${version} (${shape})`);
    }
    if (choice === 'wrk') throw new Error('wrk was asked for (BENCH_LOAD_GENERATOR=wrk) but is not installed');
  }
  return new Autocannon(`autocannon 8 in the suite's step process (${shape})`);
}
