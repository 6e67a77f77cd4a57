// Target strings: host:port, ip:port, [ipv6]:port, default port 8000.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_TARGET_PORT, parseTargetAddress, parseHostsFile } from '../../src/balancer/index.js';

describe('balancer: target addresses', () => {
  it('reads host:port, ip:port and [ipv6]:port', () => {
    assert.deepEqual(parseTargetAddress('Example.COM:8080'), { host: 'example.com', port: 8080, family: 0, normalised: 'example.com:8080' });
    assert.deepEqual(parseTargetAddress('10.0.0.1:80'), { host: '10.0.0.1', port: 80, family: 4, normalised: '10.0.0.1:80' });
    assert.deepEqual(parseTargetAddress('[::1]:9000'), { host: '::1', port: 9000, family: 6, normalised: '[::1]:9000' });
  });

  it('uses port 8000 when none is written, as Kong', () => {
    assert.equal(DEFAULT_TARGET_PORT, 8000);
    assert.equal(parseTargetAddress('backend.internal').normalised, 'backend.internal:8000');
    assert.equal(parseTargetAddress('10.0.0.1').normalised, '10.0.0.1:8000');
    assert.equal(parseTargetAddress('[2001:db8::1]').normalised, '[2001:db8::1]:8000');
    assert.equal(parseTargetAddress('2001:db8::1').normalised, '[2001:db8::1]:8000');
  });

  it('rejects a port outside 1-65535 with a message naming the target', () => {
    assert.throws(() => parseTargetAddress('host:0'), /target "host:0": invalid port "0"/);
    assert.throws(() => parseTargetAddress('host:http'), /invalid port/);
  });

  it('parses a hosts file: comments, several names per line, IPv4 and IPv6', () => {
    const table = parseHostsFile('# comment\n127.0.0.1 localhost vm # trailing\n::1 localhost ip6-localhost\nbogus line\n');
    assert.deepEqual(table.get('localhost'), ['127.0.0.1', '::1']);
    assert.deepEqual(table.get('vm'), ['127.0.0.1']);
    assert.equal(table.get('bogus'), undefined);
  });
});
