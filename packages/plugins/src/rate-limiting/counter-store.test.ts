import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CounterStore } from './counter-store.js';
import { secondsLeft, windowOf } from './windows.js';

describe('rate-limiting windows', () => {
  test('seconds to days are aligned to the epoch; months and years are UTC calendar ones', () => {
    const at = Date.UTC(2024, 1, 29, 13, 45, 30, 250); // 2024-02-29T13:45:30.250Z, a leap day
    assert.deepEqual(windowOf('second', at), { start: Date.UTC(2024, 1, 29, 13, 45, 30), end: Date.UTC(2024, 1, 29, 13, 45, 31) });
    assert.deepEqual(windowOf('minute', at), { start: Date.UTC(2024, 1, 29, 13, 45), end: Date.UTC(2024, 1, 29, 13, 46) });
    assert.deepEqual(windowOf('hour', at), { start: Date.UTC(2024, 1, 29, 13), end: Date.UTC(2024, 1, 29, 14) });
    assert.deepEqual(windowOf('day', at), { start: Date.UTC(2024, 1, 29), end: Date.UTC(2024, 2, 1) });
    assert.deepEqual(windowOf('month', at), { start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
    assert.deepEqual(windowOf('year', Date.UTC(2024, 11, 31, 23, 59, 59)), { start: Date.UTC(2024, 0, 1), end: Date.UTC(2025, 0, 1) });
    assert.equal(secondsLeft(windowOf('minute', at), at), 30, 'RateLimit-Reset rounds up');
    assert.equal(secondsLeft(windowOf('month', at), at), Math.ceil((Date.UTC(2024, 2, 1) - at) / 1000));
  });
});

describe('rate-limiting counter store', () => {
  test('a count belongs to its window, and a sweep drops counters of ended windows', () => {
    const store = new CounterStore();
    store.increment('a', 1000);
    store.increment('a', 1000);
    store.increment('b', 5000);
    assert.equal(store.count('a', 1000), 2);
    assert.equal(store.count('a', 2000), 0, 'the next window starts from zero');
    store.increment('a', 2000);
    assert.equal(store.count('a', 2000), 1);
    store.sweep(2000);
    assert.equal(store.size, 1, 'the counter of the window that ended at 2000 is gone');
    assert.equal(store.count('b', 5000), 1);
    store.sweep(5000);
    assert.equal(store.size, 0);
  });
});
