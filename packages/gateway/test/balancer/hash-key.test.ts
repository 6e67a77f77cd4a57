// hashKeyFor: the hash input for each hash_on source, and hash_fallback when it is missing,
// as Kong's balancer computes it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Upstream } from '@gatehouse/config';
import { formatHashCookie, hashKeyFor } from '../../src/balancer/index.js';
import type { HashKeyRequest } from '../../src/balancer/index.js';
import { upstream } from './helpers.js';

function req(fields: Partial<HashKeyRequest> = {}): HashKeyRequest {
  return { ip: '192.0.2.7', headers: {}, path: '/orders/17', query: new URLSearchParams(), ...fields };
}
const ch = (fields: Partial<Upstream>) => upstream({ algorithm: 'consistent-hashing', ...fields });

describe('balancer: hashKeyFor', () => {
  it('gives no key for hash_on none, even with a fallback set', () => {
    assert.deepEqual(hashKeyFor(ch({ hash_on: 'none', hash_fallback: 'ip' }), req()), { key: undefined });
  });

  it('hashes the client ip', () => {
    assert.equal(hashKeyFor(ch({ hash_on: 'ip' }), req()).key, '192.0.2.7');
  });

  it('hashes the consumer id, else the credential id, else falls back', () => {
    const u = ch({ hash_on: 'consumer', hash_fallback: 'ip' });
    assert.equal(hashKeyFor(u, req({ consumerId: 'c-1', credentialId: 'cred-1' })).key, 'c-1');
    assert.equal(hashKeyFor(u, req({ credentialId: 'cred-1' })).key, 'cred-1');
    assert.equal(hashKeyFor(u, req()).key, '192.0.2.7');
  });

  it('matches header names without regard to case and joins repeated headers', () => {
    const u = ch({ hash_on: 'header', hash_on_header: 'X-Tenant' });
    assert.equal(hashKeyFor(u, req({ headers: { 'x-tenant': 'acme' } })).key, 'acme');
    assert.equal(hashKeyFor(u, req({ headers: { 'X-TENANT': ['a', 'b'] } })).key, 'a, b');
    assert.equal(hashKeyFor(u, req({ headers: { 'x-tenant': '' } })).key, '', 'present but empty still counts, as in Kong');
  });

  it('falls back to a second header, query arg or uri capture by their own fallback names', () => {
    const byHeader = ch({ hash_on: 'header', hash_on_header: 'x-a', hash_fallback: 'header', hash_fallback_header: 'x-b' });
    assert.equal(hashKeyFor(byHeader, req({ headers: { 'x-b': 'two' } })).key, 'two');
    const byQuery = ch({ hash_on: 'header', hash_on_header: 'x-a', hash_fallback: 'query_arg', hash_fallback_query_arg: 'team' });
    assert.equal(hashKeyFor(byQuery, req({ query: new URLSearchParams('team=red') })).key, 'red');
    assert.equal(hashKeyFor(byQuery, req({ headers: { 'x-a': 'one' }, query: new URLSearchParams('team=red') })).key, 'one');
    const byCapture = ch({ hash_on: 'header', hash_on_header: 'x-a', hash_fallback: 'uri_capture', hash_fallback_uri_capture: 'id' });
    assert.equal(hashKeyFor(byCapture, req({ uriCaptures: { id: '17' } })).key, '17');
    assert.equal(hashKeyFor(byCapture, req()).key, undefined, 'neither source: no key');
  });

  it('hashes a query argument; repeated values sorted and joined with ","', () => {
    const u = ch({ hash_on: 'query_arg', hash_on_query_arg: 'team', hash_fallback: 'path' });
    assert.equal(hashKeyFor(u, req({ query: new URLSearchParams('team=red') })).key, 'red');
    assert.equal(hashKeyFor(u, req({ query: new URLSearchParams('team=red&team=blue&x=1') })).key, 'blue,red');
    assert.equal(hashKeyFor(u, req()).key, '/orders/17');
  });

  it('hashes the path without its query', () => {
    assert.equal(hashKeyFor(ch({ hash_on: 'path' }), req({ path: '/a/b?x=1' })).key, '/a/b');
  });

  it('hashes a named uri capture', () => {
    const u = ch({ hash_on: 'uri_capture', hash_on_uri_capture: 'order', hash_fallback: 'ip' });
    assert.equal(hashKeyFor(u, req({ uriCaptures: { order: '17' } })).key, '17');
    assert.equal(hashKeyFor(u, req({ uriCaptures: { other: '1' } })).key, '192.0.2.7');
  });

  it('hashes a cookie, and asks to set one with a fresh UUID when it is missing', () => {
    const u = ch({ hash_on: 'cookie', hash_on_cookie: 'sticky', hash_on_cookie_path: '/app' });
    const withCookie = hashKeyFor(u, req({ headers: { cookie: 'a=1; sticky=abc; b=2' } }));
    assert.deepEqual(withCookie, { key: 'abc' });
    const first = hashKeyFor(u, req());
    assert.match(first.key ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(first.setCookie, { name: 'sticky', path: '/app', value: first.key });
    assert.notEqual(hashKeyFor(u, req()).key, first.key, 'a new client gets a new id');
    assert.equal(formatHashCookie(first.setCookie!), `sticky=${first.key}; Path=/app; SameSite=Lax; HttpOnly`);
  });
});
