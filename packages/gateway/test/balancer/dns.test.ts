// Hostname targets: no peers until resolved, refreshed after the TTL, stale answers kept
// while re-resolving or failing, DNS_ERROR for a name that does not resolve.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBalancer, createDnsResolver, isNoPeer } from '../../src/balancer/index.js';
import type { Balancer, ResolvedAddresses } from '../../src/balancer/index.js';
import { FakeResolver, countPicks, eventually, pickPeer, target, upstream } from './helpers.js';

const fast = { minTtlSeconds: 0.01, errorRetrySeconds: 0.02, staleTtlSeconds: 3600 };

/** The peers a few picks reach, sorted; [] while nothing can be picked. */
function hostsOf(b: Balancer): string[] {
  if (isNoPeer(b.pick(undefined, new Set()))) return [];
  return [...countPicks(b, 20).keys()].sort();
}

function healthOf(b: Balancer, spec: string) {
  const entry = b.health().data.find((t) => t.target === spec);
  assert.ok(entry, `${spec} is listed`);
  return entry;
}

describe('balancer: DNS targets', () => {
  it('has no peer for a name until it resolves, then balances over every address', async (t) => {
    const resolver = new FakeResolver();
    resolver.set('api.internal', { addresses: ['10.0.0.2', '10.0.0.1'], ttlSeconds: 30 });
    const b = createBalancer(upstream(), [target('api.internal:8080')], { resolver, dns: fast });
    t.after(() => b.close());
    assert.ok(isNoPeer(b.pick(undefined, new Set())));
    assert.equal(healthOf(b, 'api.internal:8080').health, 'DNS_ERROR');
    b.start();
    await eventually(() => !isNoPeer(b.pick(undefined, new Set())), 'the name resolves');
    assert.deepEqual(hostsOf(b), ['10.0.0.1:8080', '10.0.0.2:8080']);
    assert.equal(pickPeer(b).hostname, 'api.internal');
    assert.equal(healthOf(b, 'api.internal:8080').data.dns, 'A');
  });

  it('asks again when the TTL ends and follows the new answer', async (t) => {
    const resolver = new FakeResolver();
    resolver.set('api.internal', { addresses: ['10.0.0.1'], ttlSeconds: 0.05 });
    const b = createBalancer(upstream(), [target('api.internal:80')], { resolver, dns: fast });
    t.after(() => b.close());
    b.start();
    await eventually(() => hostsOf(b).length === 1, 'first answer');
    resolver.set('api.internal', { addresses: ['10.0.0.9'], ttlSeconds: 30 });
    await eventually(() => hostsOf(b)[0] === '10.0.0.9:80', 'the refreshed answer is used');
    assert.ok(resolver.calls.length >= 2);
  });

  it('keeps the old addresses while a re-resolution is pending and when it fails', async (t) => {
    const resolver = new FakeResolver();
    resolver.set('api.internal', { addresses: ['10.0.0.1'], ttlSeconds: 0.02 });
    const b = createBalancer(upstream(), [target('api.internal:80')], { resolver, dns: fast });
    t.after(() => b.close());
    b.start();
    await eventually(() => hostsOf(b).length === 1, 'first answer');
    let answer!: (r: ResolvedAddresses) => void;
    resolver.set('api.internal', new Promise<ResolvedAddresses>((resolve) => (answer = resolve)));
    const callsBefore = resolver.calls.length;
    await eventually(() => resolver.calls.length > callsBefore, 're-resolution started');
    assert.deepEqual(hostsOf(b), ['10.0.0.1:80'], 'stale list in use while waiting');
    resolver.set('api.internal', new Error('dns server error: 2 server failure'));
    answer({ addresses: ['10.0.0.1'], ttlSeconds: 0.02 });
    const failedCalls = resolver.calls.length;
    await eventually(() => resolver.calls.length > failedCalls + 1, 'failing resolutions retried');
    assert.deepEqual(hostsOf(b), ['10.0.0.1:80'], 'stale list kept while resolution fails');
    assert.equal(healthOf(b, 'api.internal:80').health, 'HEALTHCHECKS_OFF');
  });

  it('drops a stale answer after staleTtlSeconds and shows DNS_ERROR', async (t) => {
    let clock = 1_000_000;
    const resolver = new FakeResolver();
    resolver.set('api.internal', { addresses: ['10.0.0.1'], ttlSeconds: 0.02 });
    const b = createBalancer(upstream(), [target('api.internal:80')], { resolver, now: () => clock, dns: { ...fast, staleTtlSeconds: 60 } });
    t.after(() => b.close());
    b.start();
    await eventually(() => hostsOf(b).length === 1, 'first answer');
    resolver.set('api.internal', new Error('dns server error: 3 name error'));
    const calls = resolver.calls.length;
    await eventually(() => resolver.calls.length > calls, 'a failing re-resolution');
    assert.equal(hostsOf(b).length, 1, 'within the stale window');
    clock += 61_000;
    await eventually(() => isNoPeer(b.pick(undefined, new Set())), 'stale answer dropped');
    const entry = healthOf(b, 'api.internal:80');
    assert.equal(entry.health, 'DNS_ERROR');
    assert.equal(entry.data.dns, 'dns server error: 3 name error');
    assert.deepEqual(entry.addresses, []);
  });

  it('marks only the failing name DNS_ERROR; the other targets keep serving', async (t) => {
    const resolver = new FakeResolver();
    resolver.set('good.internal', { addresses: ['10.0.0.1'], ttlSeconds: 30 });
    const b = createBalancer(upstream(), [target('good.internal:80'), target('missing.internal:80'), target('10.0.0.5:80')], { resolver, dns: fast });
    t.after(() => b.close());
    b.start();
    await eventually(() => hostsOf(b).length === 2, 'good name resolved');
    await eventually(() => healthOf(b, 'missing.internal:80').data.dns.includes('ENOTFOUND'), 'failure recorded');
    assert.deepEqual(hostsOf(b), ['10.0.0.1:80', '10.0.0.5:80']);
    assert.deepEqual(b.health().data.map((d) => d.health), ['HEALTHCHECKS_OFF', 'DNS_ERROR', 'HEALTHCHECKS_OFF']);
    resolver.set('missing.internal', { addresses: ['10.0.0.7'], ttlSeconds: 30 });
    await eventually(() => hostsOf(b).length === 3, 'retried and resolved later');
  });

  it('needs no resolution for IP targets', () => {
    const resolver = new FakeResolver();
    const b = createBalancer(upstream(), [target('10.0.0.1:80'), target('[::1]:81')], { resolver });
    assert.deepEqual(hostsOf(b), ['10.0.0.1:80', '::1:81']);
    assert.deepEqual(resolver.calls, []);
  });

  it('the default resolver answers names from the hosts file, like localhost', async () => {
    const answer = await createDnsResolver().resolve('localhost');
    assert.ok(answer.addresses.includes('127.0.0.1') || answer.addresses.includes('::1'), answer.addresses.join());
    assert.ok(answer.ttlSeconds > 0);
  });

  it('the default resolver rejects a name that does not exist', async () => {
    const resolver = createDnsResolver({ hostsFile: '/nonexistent/hosts', timeoutMs: 500, tries: 1 });
    await assert.rejects(resolver.resolve('no-such-host.invalid'));
  });
});
