#!/usr/bin/env node
import cluster from 'node:cluster';

// A proxy worker forked by `gatehouse dp` (worker_processes > 1) gets its settings from the
// primary process, not from the command line.
if (cluster.isWorker) {
  const { dpWorkerCommand } = await import('../dist/commands/dp-worker.js');
  process.exitCode = await dpWorkerCommand();
} else {
  const { run } = await import('../dist/main.js');
  process.exitCode = await run(process.argv.slice(2));
}
