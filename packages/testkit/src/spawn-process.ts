import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { describeMatcher, LineLog } from './line-log.js';
import type { LineMatcher, OutputLine } from './line-log.js';
import { track, untrack } from './process-registry.js';
import type { TrackedProcess } from './process-registry.js';
import { TestkitError } from './testkit-error.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Added to (and overriding) the parent's environment; `undefined` removes a variable. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolve once a stdout/stderr line matches; without it, resolve once spawned. */
  readyWhen?: LineMatcher;
  /** How long to wait for readiness; default 10 s. */
  timeoutMs?: number;
  /** Label for output and errors; default the command. */
  name?: string;
}

export interface SpawnedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  readonly child: ChildProcess;
  /** The exit, once it happened. */
  exitInfo(): ExitInfo | undefined;
  /** Lines printed so far, in arrival order; both streams unless one is named. */
  lines(stream?: OutputLine['stream']): string[];
  /** The last `maxLines` lines as `[name:out] text`, for messages and debugging. */
  output(maxLines?: number): string;
  /** First line from index `since` on (default 0: lines already printed count) that matches. */
  waitForLine(match: LineMatcher, timeoutMs?: number, since?: number): Promise<string>;
  waitForExit(timeoutMs?: number): Promise<ExitInfo>;
  /** Signals the child's process group (default SIGTERM) and resolves with its exit. */
  kill(signal?: NodeJS.Signals): Promise<ExitInfo>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs` (default 5 s). */
  stop(graceMs?: number): Promise<ExitInfo>;
}

const echoOutput = (process.env['TESTKIT_VERBOSE'] ?? '') !== '';

function describeExit(exit: ExitInfo): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
}

class ManagedProcess implements SpawnedProcess, TrackedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  private readonly log: LineLog;
  private readonly exited: Promise<ExitInfo>;
  private resolveExited: (exit: ExitInfo) => void = () => {};
  private exit: ExitInfo | undefined;
  private startError: TestkitError | undefined;
  private spawned = false;
  private done = false;

  constructor(cmd: string, args: readonly string[], opts: SpawnOptions) {
    this.name = opts.name ?? cmd;
    this.log = new LineLog(this.name, echoOutput);
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    // detached: the child leads its own process group, so signals reach its children too.
    this.child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    // Only pending waits keep the test process alive, never a forgotten child: the
    // registry kills that one when the test process exits.
    this.child.unref();
    let openStreams = 0;
    let graceTimer: NodeJS.Timeout | undefined;
    for (const [stream, source] of [['stdout', this.child.stdout], ['stderr', this.child.stderr]] as const) {
      if (source === null) continue;
      openStreams += 1;
      (source as Readable & { unref?: () => void }).unref?.();
      const reader = createInterface({ input: source, crlfDelay: Infinity });
      reader.on('line', (text) => this.log.push(stream, text));
      reader.once('close', () => {
        openStreams -= 1;
        if (openStreams === 0 && this.exit !== undefined) this.finish(graceTimer);
      });
    }
    this.child.once('spawn', () => (this.spawned = true));
    this.child.on('error', (err) => {
      if (this.spawned) return;
      const message = `${this.name} could not be started (${cmd}): ${err.message}`;
      this.startError = new TestkitError('GW_ERR_TESTKIT_PROCESS_START', message, { cause: err });
      this.exit ??= { code: null, signal: null };
      this.finish(graceTimer);
    });
    this.child.once('exit', (code, signal) => {
      this.exit = { code, signal };
      if (openStreams === 0) this.finish(undefined);
      // A grandchild may hold the pipes open; do not wait long for them to close.
      else graceTimer = setTimeout(() => this.finish(graceTimer), 200);
    });
    track(this);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  exitInfo(): ExitInfo | undefined {
    return this.exit;
  }

  lines(stream?: OutputLine['stream']): string[] {
    return this.log.lines(stream);
  }

  output(maxLines?: number): string {
    return this.log.format(maxLines);
  }

  started(): Promise<void> {
    if (this.startError !== undefined) return Promise.reject(this.startError);
    if (this.spawned) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.child.once('spawn', () => resolve());
      this.child.once('error', () => reject(this.startError ?? new Error(`${this.name} failed to start`)));
    });
  }

  ready(match: LineMatcher, timeoutMs: number): Promise<string> {
    const message = `${this.name} was not ready within ${timeoutMs} ms (waiting for ${describeMatcher(match)})`;
    return this.log.waitFor(match, timeoutMs, 0, message, 'it was ready');
  }

  waitForLine(match: LineMatcher, timeoutMs = 10_000, since = 0): Promise<string> {
    const message = `${this.name} did not print ${describeMatcher(match)} within ${timeoutMs} ms`;
    return this.log.waitFor(match, timeoutMs, since, message, `printing ${describeMatcher(match)}`);
  }

  async waitForExit(timeoutMs = 10_000): Promise<ExitInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const message = `${this.name} did not exit within ${timeoutMs} ms\n${this.output()}`;
        reject(new TestkitError('GW_ERR_TESTKIT_TIMEOUT', message));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  signalNow(signal: NodeJS.Signals): void {
    if (this.done || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      this.child.kill(signal);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitInfo> {
    this.signalNow(signal);
    return this.holdLoop(this.exited);
  }

  async stop(graceMs = 5_000): Promise<ExitInfo> {
    this.signalNow('SIGTERM');
    const escalate = setTimeout(() => this.signalNow('SIGKILL'), graceMs);
    try {
      return await this.holdLoop(this.exited);
    } finally {
      clearTimeout(escalate);
    }
  }

  /** The child is unref'd: keep the event loop alive while a caller awaits its exit. */
  private holdLoop<T>(promise: Promise<T>): Promise<T> {
    if (this.done) return promise;
    const keepAlive = setInterval(() => {}, 1 << 30);
    return promise.finally(() => clearInterval(keepAlive));
  }

  private finish(graceTimer: NodeJS.Timeout | undefined): void {
    clearTimeout(graceTimer);
    if (this.done || this.exit === undefined) return;
    this.done = true;
    const exit = this.exit;
    untrack(this);
    this.log.end((purpose) => {
      if (this.startError !== undefined) return this.startError;
      const message = `${this.name} ${describeExit(exit)} before ${purpose}`;
      return new TestkitError('GW_ERR_TESTKIT_PROCESS_EXITED', `${message}\n${this.output()}`);
    });
    this.resolveExited(exit);
  }
}

/**
 * Spawns `cmd` in its own process group, collects its output lines and resolves once it is
 * ready. On timeout, early exit or a failed start it kills the child and rejects with an
 * error (code GW_ERR_TESTKIT_TIMEOUT / _PROCESS_EXITED / _PROCESS_START) carrying the output.
 */
export async function spawnProcess(
  cmd: string,
  args: readonly string[] = [],
  opts: SpawnOptions = {},
): Promise<SpawnedProcess> {
  const proc = new ManagedProcess(cmd, args, opts);
  try {
    if (opts.readyWhen === undefined) await proc.started();
    else await proc.ready(opts.readyWhen, opts.timeoutMs ?? 10_000);
  } catch (err) {
    await proc.kill('SIGKILL');
    throw err;
  }
  return proc;
}
