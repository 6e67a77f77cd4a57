/**
 * Every child started by `spawnProcess` is registered here until it exits. When the test
 * process ends — normally, by an uncaught error, or by SIGINT/SIGTERM/SIGHUP — the survivors
 * (and their process groups) are SIGKILLed, so a failing test never leaves servers behind.
 */
export interface TrackedProcess {
  /** Sends `signal` to the child's process group at once (synchronous). */
  signalNow(signal: NodeJS.Signals): void;
  kill(signal: NodeJS.Signals): Promise<unknown>;
}

const live = new Set<TrackedProcess>();
let hooked = false;

function killSurvivors(): void {
  for (const proc of live) proc.signalNow('SIGKILL');
}

function onSignal(signal: NodeJS.Signals): void {
  killSurvivors();
  process.removeListener(signal, onSignal);
  // Re-raise so the default behaviour (exit) happens when nobody else handles it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installHooks(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killSurvivors);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, onSignal);
  }
}

export function track(proc: TrackedProcess): void {
  installHooks();
  live.add(proc);
}

export function untrack(proc: TrackedProcess): void {
  live.delete(proc);
}

/** How many spawned children are still running. */
export function liveProcessCount(): number {
  return live.size;
}

/** Kills every child still running (SIGKILL by default) and waits for them to exit. */
export async function killAll(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  await Promise.all([...live].map((proc) => proc.kill(signal)));
}
