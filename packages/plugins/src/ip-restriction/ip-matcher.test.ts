import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileIpMatcher, ipEntryError, parseIpOrCidr } from './ip-matcher.js';

describe('ip-restriction matcher', () => {
  test('parses single addresses and CIDR ranges of both families', () => {
    assert.deepEqual(parseIpOrCidr('10.0.0.1'), { address: '10.0.0.1', family: 'ipv4', prefix: 32 });
    assert.deepEqual(parseIpOrCidr('10.0.0.0/8'), { address: '10.0.0.0', family: 'ipv4', prefix: 8 });
    assert.deepEqual(parseIpOrCidr('::1'), { address: '::1', family: 'ipv6', prefix: 128 });
    assert.deepEqual(parseIpOrCidr('2001:db8::/32'), { address: '2001:db8::', family: 'ipv6', prefix: 32 });
    assert.deepEqual(parseIpOrCidr('0.0.0.0/0'), { address: '0.0.0.0', family: 'ipv4', prefix: 0 });
  });

  test('refuses what is neither an IP nor a CIDR, naming the entry', () => {
    for (const bad of ['10.0.0.256', '10.0.0.0/33', '::1/129', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1', '10.0.0.0/ 8', 'localhost', '10.0.0', '1.2.3.4/08x']) {
      assert.equal(parseIpOrCidr(bad), null, bad);
      assert.match(ipEntryError(bad) ?? '', new RegExp(`"${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not a valid IP address or CIDR range`));
    }
    assert.equal(ipEntryError('192.168.0.0/16'), null);
  });

  test('matches IPv4 addresses and ranges', () => {
    const m = compileIpMatcher(['10.0.0.0/8', '192.168.1.7', '172.16.0.0/12']);
    assert.ok(m.matches('10.255.0.1'));
    assert.ok(m.matches('192.168.1.7'));
    assert.ok(!m.matches('192.168.1.8'));
    assert.ok(m.matches('172.31.255.255'));
    assert.ok(!m.matches('172.32.0.0'));
    assert.ok(!m.matches('11.0.0.1'));
  });

  test('a CIDR with host bits set covers its whole network', () => {
    assert.ok(compileIpMatcher(['10.1.2.3/8']).matches('10.200.0.1'));
  });

  test('matches IPv6 addresses and ranges, in any spelling', () => {
    const m = compileIpMatcher(['::1', '2001:db8::/32']);
    assert.ok(m.matches('::1'));
    assert.ok(m.matches('0:0:0:0:0:0:0:1'));
    assert.ok(m.matches('2001:db8:ffff::42'));
    assert.ok(m.matches('2001:DB8::1'));
    assert.ok(!m.matches('2001:db9::1'));
    assert.ok(!m.matches('::2'));
  });

  test('an IPv4-mapped IPv6 client matches IPv4 entries', () => {
    const m = compileIpMatcher(['127.0.0.0/8']);
    assert.ok(m.matches('::ffff:127.0.0.1'));
    assert.ok(m.matches('::ffff:7f00:1'));
    assert.ok(!m.matches('::ffff:10.0.0.1'));
    assert.ok(!m.matches('::1'), 'the IPv6 loopback is not in 127.0.0.0/8');
  });

  test('IPv4 clients are matched against IPv4 entries only: ::/0 does not cover them', () => {
    const m = compileIpMatcher(['::/0']);
    assert.ok(m.matches('::1'));
    assert.ok(m.matches('fe80::1'));
    assert.ok(!m.matches('127.0.0.1'));
    assert.ok(compileIpMatcher(['0.0.0.0/0']).matches('8.8.8.8'));
    assert.ok(!compileIpMatcher(['0.0.0.0/0']).matches('2001:db8::1'));
  });

  test('a client that is not an IP address matches nothing', () => {
    const m = compileIpMatcher(['0.0.0.0/0', '::/0']);
    assert.ok(!m.matches(''));
    assert.ok(!m.matches('not-an-ip'));
  });

  test('compiling an invalid entry throws (entries are checked at load time first)', () => {
    assert.throws(() => compileIpMatcher(['10.0.0.0/40']), /invalid IP or CIDR: 10\.0\.0\.0\/40/);
  });
});
