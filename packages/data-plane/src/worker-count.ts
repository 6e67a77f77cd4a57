/**
 * worker_processes as a number: `auto` is one per CPU the process may use
 * (os.availableParallelism(), which honours CPU affinity).
 */
import { availableParallelism } from 'node:os';

export function workerCount(setting: number | 'auto'): number {
  return setting === 'auto' ? Math.max(1, Math.min(256, availableParallelism())) : setting;
}
