import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigPusher } from '../../src/cluster/config-pusher.js';
import { captureLog, makeConfig } from './cluster-fixtures.js';

describe('config pusher', () => {
  test('first change at once, then at most one push per interval, always the newest', async (t) => {
    const pushed: number[] = [];
    const pusher = new ConfigPusher({ intervalMs: 100, logger: captureLog(), onPush: (c) => pushed.push(c.version) });
    t.after(() => pusher.close());
    pusher.publish(makeConfig(1));
    assert.deepEqual(pushed, [1]);
    pusher.publish(makeConfig(2));
    pusher.publish(makeConfig(3));
    assert.deepEqual(pushed, [1]);
    await sleep(150);
    assert.deepEqual(pushed, [1, 3]);
    await sleep(150);
    pusher.publish(makeConfig(4));
    assert.deepEqual(pushed, [1, 3, 4], 'quiet for an interval: at once again');
  });
});
