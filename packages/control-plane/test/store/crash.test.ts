// Kills a committing writer process with SIGKILL at random moments and checks after each
// kill that the store reopens to a complete, valid config that is not older than anything
// the writer acknowledged or anything seen before.

import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { FileConfigStore } from '../../src/store/index.js';
import { sha256, tempDir } from './helpers.js';

const KILLS = 50;
const KEEP = 3;
/** Writers loading ahead of time: starting node + tsx costs more than a run between kills. */
const POOL = 2;
const writerScript = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once the writer has loaded its modules and waits for "go". */
  readonly loaded: Promise<void>;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** Resolves once the writer's open() has returned. */
  readonly opened: Promise<void>;
  readonly acked: number[];
  stderr: string;
}

function spawnWriter(dir: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dir, String(KEEP)], { cwd: packageDir });
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  let onLoaded = (): void => undefined;
  let onOpened = (): void => undefined;
  const exitedEarly = (what: string): Promise<never> =>
    exited.then(([code]) => {
      throw new Error(`writer exited before ${what} (code ${code}): ${writer.stderr}`);
    });
  const writer: Writer = {
    child,
    exited,
    acked: [],
    stderr: '',
    loaded: Promise.race([new Promise<void>((resolve) => (onLoaded = resolve)), exitedEarly('loading')]),
    opened: Promise.race([new Promise<void>((resolve) => (onOpened = resolve)), exitedEarly('opening')]),
  };
  // Observed by the test when it awaits them; a writer killed early must not fail the run.
  writer.loaded.catch(() => undefined);
  writer.opened.catch(() => undefined);
  child.stderr.on('data', (chunk: Buffer) => (writer.stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'loaded') onLoaded();
    if (line.startsWith('ready ')) onOpened();
    const committed = /^committed (\d+)$/.exec(line);
    if (committed !== null) writer.acked.push(Number(committed[1]));
  });
  return writer;
}

/**
 * Mostly somewhere in the run of commits that follows open() (timed from its end, so that a
 * slow machine still commits between kills); sometimes while the writer is still opening.
 */
async function killAtRandom(writer: Writer): Promise<'opening' | 'committing'> {
  if (Math.random() < 0.15) {
    await delay(Math.random() * 15);
    writer.child.kill('SIGKILL');
    return 'opening';
  }
  await writer.opened;
  await delay(Math.random() * 250);
  writer.child.kill('SIGKILL');
  return 'committing';
}

interface Observed {
  readonly version: number;
  readonly interrupted: boolean;
}

async function verifyStore(dir: string, lastAcked: number, lastCurrent: number): Promise<Observed> {
  const { store, recovered } = await FileConfigStore.open(dir, { keep: KEEP });
  try {
    assert.deepEqual(recovered?.moved_aside ?? [], [], `a kill left a corrupt file: ${recovered?.reason}`);
    assert.deepEqual(await readdir(join(dir, 'corrupt')), []);
    const current = await store.current();
    if (current === null) {
      assert.equal(lastAcked, 0, `version ${lastAcked} was acknowledged but the store is empty`);
      return { version: 0, interrupted: recovered !== null };
    }
    const { meta, content } = current;
    assert.equal(sha256(content), meta.hash, `current version ${meta.version} does not match its hash`);
    assert.equal(Buffer.byteLength(content), meta.size);
    assert.doesNotThrow(() => JSON.parse(content), 'current content is complete JSON');
    assert.ok(meta.version >= lastAcked, `acknowledged version ${lastAcked} was lost (current ${meta.version})`);
    assert.ok(meta.version >= lastCurrent, `current went back from ${lastCurrent} to ${meta.version}`);

    const history = await store.history();
    assert.deepEqual(history[0], meta);
    assert.ok(history.length <= KEEP);
    for (let i = 1; i < history.length; i++) {
      assert.ok((history[i]?.version ?? Infinity) < (history[i - 1]?.version ?? 0), 'history strictly decreasing');
    }
    for (const entry of history) {
      const stored = await store.get(entry.version);
      assert.deepEqual(stored.meta, entry);
      assert.equal(sha256(stored.content), entry.hash, `version ${entry.version} does not match its hash`);
    }
    assert.equal((await readdir(join(dir, 'versions'))).length, history.length, 'no stray files in versions/');
    return { version: meta.version, interrupted: recovered !== null && /temp file|discarded/.test(recovered.reason) };
  } finally {
    await store.close();
  }
}

test(`a writer killed ${KILLS} times at random moments never leaves a torn or older config`, { timeout: 180_000 }, async (t) => {
  const dir = await tempDir(t);
  const started = Date.now();
  const stats = { commits: 0, early: 0, interrupted: 0 };
  let lastAcked = 0;
  let lastCurrent = 0;
  // Loaded writers wait for "go" before they open the store, so only one ever touches it.
  const pool = Array.from({ length: POOL }, () => spawnWriter(dir));
  t.after(async () => {
    for (const writer of pool) writer.child.kill('SIGKILL');
    await Promise.all(pool.map((writer) => writer.exited));
  });

  for (let kill = 0; kill < KILLS; kill++) {
    const writer = pool.shift();
    assert.ok(writer);
    await writer.loaded;
    writer.child.stdin.write('go\n');
    if (kill + pool.length + 1 < KILLS) pool.push(spawnWriter(dir));
    if ((await killAtRandom(writer)) === 'opening') stats.early++;
    const [code, signal] = await writer.exited;
    assert.equal(signal, 'SIGKILL', `writer stopped by itself (code ${code}): ${writer.stderr}`);

    for (const version of writer.acked) {
      assert.ok(version > lastAcked && version > lastCurrent, `version ${version} was handed out twice`);
      lastAcked = version;
    }
    stats.commits += writer.acked.length;
    const observed = await verifyStore(dir, lastAcked, lastCurrent);
    lastCurrent = observed.version;
    if (observed.interrupted) stats.interrupted++;
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  t.diagnostic(
    `${KILLS} kills in ${seconds} s: ${stats.commits} acknowledged commits, ${stats.interrupted} kills ` +
      `interrupted a write, ${stats.early} were aimed at the writer's open()`,
  );
  assert.ok(stats.commits > 0, 'the writers committed between the kills');
  assert.ok(stats.interrupted > 0, 'some kills landed in the middle of a commit');
});
