/**
 * The `gatehouse` child processes of the demo: the built binary run with this Node, each in its
 * own process group (testkit's spawnProcess). A child that exits when nobody asked it to ends
 * the demo with its last log lines.
 */
import { fileURLToPath } from 'node:url';
import { killAll, liveProcessCount, spawnProcess } from '@gatehouse/testkit';
import type { SpawnedProcess } from '@gatehouse/testkit';
import type { DemoAbort } from './demo-abort.js';
import { DemoFailure } from './demo-abort.js';

export const GATEHOUSE_BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));

/** SIGTERM, then SIGKILL after this long. */
export const STOP_GRACE_MS = 5000;
const START_TIMEOUT_MS = 30_000;
const LOG_LINES_SHOWN = 12;

/** The caller's GATEHOUSE_* and AWS_* variables would override the demo's settings: drop them. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(process.env)) if (/^(GATEHOUSE_|AWS_)/.test(name)) env[name] = undefined;
  return { ...env, ...extra };
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
}

/** The last lines of a testkit error's message (it carries the process output after line 1). */
function splitTestkitError(err: unknown): { message: string; detail: string } {
  const [first = '', ...rest] = (err as Error).message.split('\n');
  return { message: first, detail: rest.slice(-LOG_LINES_SHOWN).join('\n') };
}

interface Child {
  readonly label: string;
  readonly proc: SpawnedProcess;
  expected: boolean;
}

export class DemoProcesses {
  readonly #abort: DemoAbort;
  readonly #children: Child[] = [];

  constructor(abort: DemoAbort) {
    this.#abort = abort;
  }

  /** Runs `gatehouse <args>` and waits for `readyWhen` in its output. */
  async start(label: string, args: string[], readyWhen: RegExp, env: Record<string, string> = {}): Promise<SpawnedProcess> {
    let proc: SpawnedProcess;
    try {
      proc = await this.#abort.guard(
        spawnProcess(process.execPath, [GATEHOUSE_BIN, ...args], { name: label, readyWhen, timeoutMs: START_TIMEOUT_MS, env: childEnv(env) }),
      );
    } catch (err) {
      if (this.#abort.signal.aborted) throw err;
      const { message, detail } = splitTestkitError(err);
      throw new DemoFailure(`${label} did not start: ${message}`, detail, { cause: err });
    }
    const child: Child = { label, proc, expected: false };
    this.#children.push(child);
    proc.child.once('exit', (code, signal) => {
      if (child.expected) return;
      this.#abort.fail(new DemoFailure(`${label} ${describeExit(code, signal)} unexpectedly`, proc.output(LOG_LINES_SHOWN)));
    });
    return proc;
  }

  /** The last log lines of a process, for failure messages. */
  static logTail(proc: SpawnedProcess): string {
    return proc.output(LOG_LINES_SHOWN);
  }

  /** Stops one child on purpose (SIGTERM, SIGKILL after the grace); resolves with its exit code. */
  async stop(proc: SpawnedProcess): Promise<number | null> {
    const child = this.#children.find((c) => c.proc === proc);
    if (child) child.expected = true;
    const exit = await proc.stop(STOP_GRACE_MS);
    return exit.code;
  }

  /** How many children are still running. */
  running(): number {
    return this.#children.filter((c) => c.proc.exitInfo() === undefined).length;
  }

  /** Stops every child (all at once), kills any that was still starting; resolves with how many. */
  async stopAll(): Promise<number> {
    const live = this.#children.filter((c) => c.proc.exitInfo() === undefined);
    await Promise.all(live.map((c) => this.stop(c.proc)));
    const starting = liveProcessCount();
    if (starting > 0) await killAll('SIGKILL');
    return live.length + starting;
  }
}
