/**
 * Runs one of the packages' own benchmark scripts in its machine-readable mode (`--json`):
 * each stdout line is JSON, either {"progress": "..."} or, last, {"result": {...}}. The
 * script keeps its logic in its package; the suite only runs it and reads the numbers.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { StepContext } from './step-types.js';
import { REPO_ROOT } from './repo-paths.js';

export interface BenchScript {
  /** Path from the repository root, e.g. "packages/gateway/bench/router.bench.ts". */
  script: string;
  env?: Record<string, string>;
}

const STDERR_TAIL = 30;

export function runBenchScript(ctx: StepContext, bench: BenchScript): Promise<Record<string, unknown>> {
  const file = join(REPO_ROOT, bench.script);
  // The package folder (bench/'s parent), so the script resolves its own dependencies.
  const cwd = dirname(dirname(file));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, '--json'], {
      cwd,
      env: { ...process.env, ...bench.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: ctx.signal,
    });
    let result: Record<string, unknown> | undefined;
    const stderr: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        if (line.trim() !== '') ctx.progress(line.trim());
        return;
      }
      if (typeof parsed !== 'object' || parsed === null) return;
      const message = parsed as { progress?: unknown; result?: unknown };
      if (typeof message.progress === 'string') ctx.progress(message.progress);
      if (typeof message.result === 'object' && message.result !== null) result = message.result as Record<string, unknown>;
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      if (stderr.length > STDERR_TAIL) stderr.shift();
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0 && result !== undefined) resolve(result);
      else {
        const how = signal ? `was killed by ${signal}` : code === 0 ? 'printed no {"result"} line' : `exited with code ${String(code)}`;
        // The thrown error's own line ("Error: benchmark over its time budget ..."), then the tail.
        const reason = stderr.findLast((line) => /^\w*Error\b/.test(line));
        reject(new Error(`${bench.script} ${how}${reason ? `: ${reason}` : ''}${stderr.length ? `\n${stderr.join('\n')}` : ''}`));
      }
    });
  });
}

/** A finite number at `path` ("light.1000.p99") in a script's result, or an error naming it. */
export function numberAt(result: unknown, path: string): number {
  let at: unknown = result;
  for (const key of path.split('.')) {
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  }
  if (typeof at !== 'number' || !Number.isFinite(at)) throw new Error(`benchmark result has no number at ${path}`);
  return at;
}
