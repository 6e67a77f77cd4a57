import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { killAll, liveProcessCount, spawnProcess } from '../src/index.js';

const node = process.execPath;
const fixture = fileURLToPath(new URL('./fixtures/leave-child-behind.ts', import.meta.url));
const forever = 'setInterval(() => {}, 1000);';

/** True while `pid` runs; a zombie nobody reaps counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function waitUntilDead(pid: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(20);
  assert.equal(isAlive(pid), false, `process ${pid} is still running`);
}

test('resolves when a line matches readyWhen and collects both streams', async (t) => {
  const script = `console.error('warming up'); setTimeout(() => console.log('listening on 127.0.0.1:4000'), 50); ${forever}`;
  const proc = await spawnProcess(node, ['-e', script], { name: 'server', readyWhen: /listening on \S+:\d+/ });
  t.after(() => proc.stop());
  // stdout and stderr are separate pipes: their relative order is not guaranteed under load.
  await proc.waitForLine(/warming up/, 5000);
  assert.deepEqual([...proc.lines()].sort(), ['listening on 127.0.0.1:4000', 'warming up']);
  assert.deepEqual(proc.lines('stderr'), ['warming up']);
  assert.match(proc.output(), /\[server:err\] warming up/);
  assert.deepEqual(await proc.stop(), { code: null, signal: 'SIGTERM' });
  assert.deepEqual(proc.exitInfo(), { code: null, signal: 'SIGTERM' });
});

test('readyWhen may be a predicate, and without readyWhen it resolves once spawned', async () => {
  const ready = await spawnProcess(node, ['-e', `console.log(JSON.stringify({ ready: true })); ${forever}`], {
    readyWhen: (line) => line.startsWith('{') && (JSON.parse(line) as { ready?: boolean }).ready === true,
  });
  await ready.stop();
  const plain = await spawnProcess(node, ['-e', 'console.log("done"); process.exit(4)']);
  assert.equal(typeof plain.pid, 'number');
  assert.deepEqual(await plain.waitForExit(), { code: 4, signal: null });
  assert.deepEqual(plain.lines(), ['done']);
});

test('the child gets the parent environment plus env, and runs in cwd', async () => {
  const script = 'console.log(process.env.TESTKIT_EXTRA + " " + (process.env.HOME === undefined) + " " + process.cwd())';
  const proc = await spawnProcess(node, ['-e', script], { env: { TESTKIT_EXTRA: 'yes', HOME: undefined }, cwd: '/' });
  await proc.waitForExit();
  assert.deepEqual(proc.lines(), ['yes true /']);
});

test('a child that is never ready is killed and the error says so, with its output', async () => {
  const before = liveProcessCount();
  const err = await spawnProcess(node, ['-e', `console.log('booting'); ${forever}`], {
    name: 'slowpoke',
    readyWhen: /ready/,
    // Long enough for a slow machine to start node and print 'booting'.
    timeoutMs: 2_000,
  }).then(
    () => assert.fail('expected a timeout'),
    (e: unknown) => e as Error & { code?: string },
  );
  assert.equal(err.code, 'GW_ERR_TESTKIT_TIMEOUT');
  assert.match(err.message, /slowpoke was not ready within 2000 ms \(waiting for a line matching \/ready\/\)/);
  assert.match(err.message, /\[slowpoke:out\] booting/);
  assert.equal(liveProcessCount(), before);
});

test('a child that exits before it is ready rejects with its exit code and output', async () => {
  const script = "console.error('fatal: bad config at line 3'); process.exit(3)";
  await assert.rejects(spawnProcess(node, ['-e', script], { name: 'broken', readyWhen: /listening/ }), (err: Error) => {
    assert.equal((err as Error & { code?: string }).code, 'GW_ERR_TESTKIT_PROCESS_EXITED');
    assert.match(err.message, /broken exited with code 3 before it was ready/);
    assert.match(err.message, /\[broken:err\] fatal: bad config at line 3/);
    return true;
  });
});

test('a command that cannot start rejects with GW_ERR_TESTKIT_PROCESS_START', async () => {
  await assert.rejects(spawnProcess('/nonexistent/gatehouse-binary', [], { readyWhen: /x/ }), {
    code: 'GW_ERR_TESTKIT_PROCESS_START',
    message: /could not be started .*ENOENT/,
  });
  await assert.rejects(spawnProcess('/nonexistent/gatehouse-binary'), { code: 'GW_ERR_TESTKIT_PROCESS_START' });
});

test('waitForLine finds past or only new lines, and fails when the child exits first', async () => {
  const script = `console.log('tick 1'); setTimeout(() => console.log('tick 2'), 100); setTimeout(() => process.exit(0), 200);`;
  const proc = await spawnProcess(node, ['-e', script], { readyWhen: /tick 1/ });
  assert.equal(await proc.waitForLine(/tick \d/), 'tick 1');
  assert.equal(await proc.waitForLine(/tick \d/, 5_000, proc.lines().length), 'tick 2');
  await assert.rejects(proc.waitForLine(/tick 3/, 5_000), {
    code: 'GW_ERR_TESTKIT_PROCESS_EXITED',
    message: /exited with code 0 before printing a line matching \/tick 3\//,
  });
  await assert.rejects(proc.waitForLine(/never/, 5_000), { code: 'GW_ERR_TESTKIT_PROCESS_EXITED' });
});

test('waitForLine times out with the output in the message', async (t) => {
  const proc = await spawnProcess(node, ['-e', `console.log('idle'); ${forever}`], { name: 'idler', readyWhen: /idle/ });
  t.after(() => proc.stop());
  await assert.rejects(proc.waitForLine(/busy/, 100), {
    code: 'GW_ERR_TESTKIT_TIMEOUT',
    message: /idler did not print a line matching \/busy\/ within 100 ms[\s\S]*\[idler:out\] idle/,
  });
});

test('stop() escalates to SIGKILL when SIGTERM is ignored', async () => {
  const script = `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); ${forever}`;
  const proc = await spawnProcess(node, ['-e', script], { readyWhen: /^ready$/ });
  assert.deepEqual(await proc.stop(200), { code: null, signal: 'SIGKILL' });
  assert.ok(proc.lines().includes('ignoring SIGTERM'));
});

test('kill() signals the whole process group, so grandchildren die too', async () => {
  const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', '${forever}'], { stdio: 'ignore' });
    console.log('grandchild ' + c.pid); ${forever}`;
  const proc = await spawnProcess(node, ['-e', script], { readyWhen: /^grandchild \d+$/ });
  const pid = Number(proc.lines()[0]?.split(' ')[1]);
  assert.deepEqual(await proc.kill('SIGINT'), { code: null, signal: 'SIGINT' });
  await waitUntilDead(pid);
});

test('killAll() stops every child still running', async () => {
  const procs = await Promise.all(
    [1, 2, 3].map((n) => spawnProcess(node, ['-e', `console.log('up ${n}'); ${forever}`], { readyWhen: /^up/ })),
  );
  assert.ok(liveProcessCount() >= 3);
  await killAll();
  assert.equal(liveProcessCount(), 0);
  for (const proc of procs) assert.equal(proc.exitInfo()?.signal, 'SIGKILL');
});

for (const mode of ['end', 'throw', 'wait'] as const) {
  test(`children are killed when the test process ends (${mode})`, async () => {
    const parent = await spawnProcess(node, ['--import', 'tsx', fixture, mode], {
      name: `fixture-${mode}`,
      readyWhen: /^grandchild \d+$/,
    });
    const pid = Number((await parent.waitForLine(/^grandchild \d+$/)).split(' ')[1]);
    assert.ok(isAlive(pid));
    const exit = mode === 'wait' ? await parent.kill('SIGTERM') : await parent.waitForExit();
    if (mode === 'end') assert.deepEqual(exit, { code: 0, signal: null });
    if (mode === 'throw') assert.equal(exit.code, 1);
    if (mode === 'wait') assert.equal(exit.signal, 'SIGTERM');
    await waitUntilDead(pid);
  });
}
