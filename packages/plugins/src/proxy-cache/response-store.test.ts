import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ResponseStore } from './response-store.js';
import type { StoredResponse } from './response-store.js';

// The store is exercised through HTTP in proxy-cache.test.ts; its byte budget (128 MiB in the
// plugin) is checked here on a small instance, with explicit clock values.
const response = (size: number, storedAt = 1_000): StoredResponse => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(size), storedAt, ttl: 60 });

describe('proxy-cache response store', () => {
  test('stays within its byte budget by evicting the least recently used entries', () => {
    const store = new ResponseStore(10_000);
    store.acquire('p');
    assert.ok(store.set('p', 'a', response(3_000), 60));
    assert.ok(store.set('p', 'b', response(3_000), 60));
    assert.ok(store.get('a', 1_000), 'reading a makes b the least recently used');
    assert.ok(store.set('p', 'c', response(3_000), 60));
    assert.ok(store.bytes <= 10_000);
    assert.equal(store.get('b', 1_000), undefined, 'b was evicted');
    assert.ok(store.get('a', 1_000));
    assert.ok(store.get('c', 1_000));
  });

  test('refuses an entry larger than the whole budget; replacing a key does not count it twice', () => {
    const store = new ResponseStore(10_000);
    store.acquire('p');
    assert.equal(store.set('p', 'huge', response(20_000), 60), false);
    store.set('p', 'k', response(1_000), 60);
    const once = store.bytes;
    store.set('p', 'k', response(1_000), 60);
    assert.equal(store.bytes, once);
    assert.equal(store.size, 1);
  });

  test('an entry is gone once its storage time is over; 0 keeps it until evicted', () => {
    const store = new ResponseStore(100_000);
    store.acquire('p');
    store.set('p', 'short', response(10, 1_000), 2);
    store.set('p', 'forever', response(10, 1_000), 0);
    assert.ok(store.get('short', 2_999));
    assert.equal(store.get('short', 3_000), undefined);
    assert.ok(store.get('forever', 1_000_000_000));
    assert.equal(store.size, 1);
  });

  test('a partition keeps its entries while a snapshot uses it, and drops them when the last one releases it', () => {
    const store = new ResponseStore(100_000);
    store.acquire('old');
    store.set('old', 'k1', response(10), 60);
    store.acquire('old'); // a new snapshot with the same instance and config
    store.release('old'); // the previous snapshot closes
    assert.ok(store.get('k1', 1_000));
    store.acquire('new');
    store.release('old');
    assert.equal(store.get('k1', 1_000), undefined);
    assert.equal(store.bytes, 0);
    assert.equal(store.set('old', 'k2', response(10), 60), false, 'a closed partition stores nothing');
  });
});
