import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelay } from '../src/index.js';

describe('backoff', () => {
  test('full jitter under a ceiling that doubles from 1 s to 30 s', () => {
    const top = () => 0.999999;
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffDelay(a, { random: top })), [999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
    assert.equal(backoffDelay(3, { random: () => 0 }), 0);
    assert.equal(backoffDelay(2, { initialMs: 10, maxMs: 25, random: top }), 24);
  });
});
