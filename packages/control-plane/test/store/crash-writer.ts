// Child process of crash.test.ts: waits for "go" on stdin, opens the store in argv[2] and
// commits new versions in a tight loop until it is killed. Protocol on stdout, one line each:
//   loaded | ready <current version> | committed <version>
// (stdout to a pipe is synchronous on Linux, so a printed line survives a SIGKILL.)

import { randomBytes } from 'node:crypto';
import { FileConfigStore } from '../../src/store/index.js';
import { sha256 } from './helpers.js';

const dir = process.argv[2];
const keep = Number(process.argv[3] ?? '5');
if (dir === undefined) throw new Error('usage: crash-writer.ts <store dir> [keep]');

/** 1 KiB .. 2 MiB, log-uniform, so that both tiny and slow writes get interrupted. */
function randomContent(seq: number): string {
  const size = Math.round(1024 * 2 ** (Math.random() * 11));
  const pad = randomBytes(Math.ceil(size / 2)).toString('hex').slice(0, size);
  return JSON.stringify({ seq, pid: process.pid, pad });
}

async function run(storeDir: string): Promise<void> {
  const { store } = await FileConfigStore.open(storeDir, { keep });
  process.stdout.write(`ready ${(await store.current())?.meta.version ?? 0}\n`);
  for (let seq = 0; ; seq++) {
    const content = randomContent(seq);
    const result = await store.commit({ content, hash: sha256(content), source: `crash-writer ${process.pid}` });
    if ('version' in result) process.stdout.write(`committed ${result.version}\n`);
  }
}

process.stdout.write('loaded\n');
process.stdin.once('data', () => {
  run(dir).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
