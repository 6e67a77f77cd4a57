/**
 * One step in its own process, so the suite can hold it to its time limit by killing it:
 * `node --import tsx src/step-process.ts <step id>`, forked with an IPC channel. Sends
 * {type: 'progress', text} messages, then {type: 'outcome', outcome} or {type: 'error', message}.
 */
import type { StepOutcome } from './step-types.js';
import { findStep } from './steps/index.js';

export type StepMessage =
  | { type: 'progress'; text: string }
  | { type: 'outcome'; outcome: StepOutcome }
  | { type: 'error'; message: string };

function send(message: StepMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(JSON.stringify(message) + '\n');
      resolve();
    } else process.send(message, undefined, {}, () => resolve());
  });
}

const id = process.argv[2] ?? '';
const step = findStep(id);
const controller = new AbortController();
process.once('disconnect', () => controller.abort());

let code = 0;
try {
  if (!step) throw new Error(`no step "${id}"`);
  const outcome = await step.run({ progress: (text) => void send({ type: 'progress', text }), signal: controller.signal });
  await send({ type: 'outcome', outcome });
} catch (err) {
  code = 1;
  const e = err as Error;
  await send({ type: 'error', message: e.message ?? String(err) });
}
// Spawned servers were stopped by the step; the registry in @gatehouse/testkit kills any left.
process.exit(code);
