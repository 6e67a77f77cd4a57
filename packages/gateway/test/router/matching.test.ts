// What makes one route match a request: every field it sets must match; within a field any
// value may. Cases follow Kong's "Proxy reference: routes and matching capabilities".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchId, matchWith, route } from './helpers.js';

describe('router: fields of one route', () => {
  it('matches the documented hosts+paths+methods route only when all three match', () => {
    const routes = [
      route('r', { hosts: ['example.com', 'foo-service.com'], paths: ['/foo', '/bar'], methods: ['GET'] }),
    ];
    assert.equal(matchId(routes, { host: 'example.com', path: '/foo' }), 'r');
    assert.equal(matchId(routes, { host: 'foo-service.com', path: '/bar' }), 'r');
    assert.equal(matchId(routes, { host: 'example.com', path: '/foo/hello/world' }), 'r');
    assert.equal(matchId(routes, { host: 'example.com', path: '/' }), null);
    assert.equal(matchId(routes, { host: 'example.com', path: '/foo', method: 'POST' }), null);
    assert.equal(matchId(routes, { host: 'foo.com', path: '/foo' }), null);
  });

  it('compares the Host header without regard to case and ignores its port for plain entries', () => {
    const routes = [route('r', { hosts: ['Example.COM'] })];
    assert.equal(matchId(routes, { host: 'EXAMPLE.com' }), 'r');
    assert.equal(matchId(routes, { host: 'example.com:8443' }), 'r');
  });

  it('matches a host:port entry only on that port (Host header port, else the connection port)', () => {
    const routes = [route('r', { hosts: ['example.com:8080'] })];
    assert.equal(matchId(routes, { host: 'example.com:8080' }), 'r');
    assert.equal(matchId(routes, { host: 'example.com', port: 8080 }), 'r');
    assert.equal(matchId(routes, { host: 'example.com', port: 80 }), null);
    assert.equal(matchId(routes, { host: 'example.com:9090', port: 8080 }), null);
  });

  it('matches wildcard hosts on the leftmost or rightmost label only', () => {
    const routes = [route('left', { hosts: ['*.example.com'] }), route('right', { hosts: ['example.*'] })];
    assert.equal(matchId(routes, { host: 'a.example.com' }), 'left');
    assert.equal(matchId(routes, { host: 'x.y.example.com:8000' }), 'left');
    assert.equal(matchId(routes, { host: 'example.org' }), 'right');
    assert.equal(matchId(routes, { host: 'example.co.uk' }), 'right');
    assert.equal(matchId(routes, { host: 'notexample.com' }), null);
    assert.equal(matchId(routes, { host: 'other.org' }), null);
  });

  it('matches methods exactly and case-sensitively', () => {
    const routes = [route('r', { methods: ['GET', 'HEAD'] })];
    assert.equal(matchId(routes, { method: 'HEAD', path: '/resource' }), 'r');
    assert.equal(matchId(routes, { method: 'POST' }), null);
    assert.equal(matchId(routes, { method: 'get' }), null);
  });

  it('ANDs header names, ORs their values, and compares values without case', () => {
    const routes = [route('r', { headers: { version: ['v1', 'v2'], Region: ['north'] } })];
    assert.equal(matchId(routes, { headers: { version: 'v1', region: 'North' } }), 'r');
    assert.equal(matchId(routes, { headers: { version: 'V2', region: 'north' } }), 'r');
    assert.equal(matchId(routes, { headers: { version: 'v3', region: 'north' } }), null);
    assert.equal(matchId(routes, { headers: { version: 'v1' } }), null);
    assert.equal(matchId(routes, { headers: { version: ['v9', 'v2'], region: 'north' } }), 'r');
  });

  it('treats a ~* header value as a case-insensitive regex searched anywhere', () => {
    const routes = [route('r', { headers: { 'user-agent': ['~*curl/\\d+'] } })];
    assert.equal(matchId(routes, { headers: { 'user-agent': 'Mozilla CURL/8.1' } }), 'r');
    assert.equal(matchId(routes, { headers: { 'user-agent': 'wget/1.0' } }), null);
  });

  it('matches plain paths as prefixes that need not end at a slash', () => {
    const routes = [route('r', { paths: ['/foo'] })];
    assert.equal(matchId(routes, { path: '/foo' }), 'r');
    assert.equal(matchId(routes, { path: '/foobar' }), 'r');
    assert.equal(matchId(routes, { path: '/foo/bar?x=1' }), 'r');
    assert.equal(matchId(routes, { path: '/fo' }), null);
  });

  it('anchors regex paths at the start of the path', () => {
    const routes = [route('r', { paths: ['~/bar/\\d+'] })];
    assert.equal(matchId(routes, { path: '/bar/12/x' }), 'r');
    assert.equal(matchId(routes, { path: '/foo/bar/12' }), null);
  });

  it('anchors every alternative of a regex path, not only the first', () => {
    const routes = [route('r', { paths: ['~/a|/b'] })];
    assert.equal(matchId(routes, { path: '/b' }), 'r');
    assert.equal(matchId(routes, { path: '/x/b' }), null);
  });

  it('exposes numbered and named regex captures as uri_captures', () => {
    const routes = [route('r', { paths: ['~/version/(?<version>\\d+)/users/(?<user>\\S+)'] })];
    const m = matchWith(routes, { path: '/version/1/users/john' });
    assert.equal(m?.route.id, 'r');
    assert.deepEqual(m.captures?.numbered, ['/version/1/users/john', '1', 'john']);
    assert.deepEqual(m.captures?.named, { version: '1', user: 'john' });
    assert.equal(m.pathKind, 'regex');
  });

  it('accepts PCRE/Rust style (?P<name>) groups', () => {
    const m = matchWith([route('r', { paths: ['~/v(?P<n>\\d+)'] })], { path: '/v7/x' });
    assert.deepEqual(m?.captures?.named, { n: '7' });
  });

  it('normalises percent-encoded unreserved characters before matching', () => {
    const routes = [route('r', { paths: ['/foo'] })];
    assert.equal(matchId(routes, { path: '/fo%6F' }), 'r');
    assert.equal(matchId(routes, { path: '/%66%6f%6f/x' }), 'r');
    // a reserved character stays encoded: %2F is not a path separator
    assert.equal(matchId([route('s', { paths: ['/a/b'] })], { path: '/a%2fb' }), null);
    assert.equal(matchWith([route('s', { paths: ['/a%2Fb'] })], { path: '/a%2fb' })?.path, '/a%2Fb');
  });

  it('removes dot segments and merges slashes before matching', () => {
    const routes = [route('baz', { paths: ['/foo/baz'] }), route('bar', { paths: ['/foo/bar'] })];
    assert.equal(matchId(routes, { path: '/foo/./bar/../baz' }), 'baz');
    assert.equal(matchId(routes, { path: '//foo//baz' }), 'baz');
    assert.equal(matchId(routes, { path: '/foo/%2e%2e/foo/bar' }), 'bar');
    const m = matchWith(routes, { path: '/x/../foo/baz/.' });
    assert.equal(m?.rawPath, '/x/../foo/baz/.');
    assert.equal(m.path, '/foo/baz/');
  });

  it('consults SNIs only for https requests', () => {
    const routes = [route('r', { snis: ['api.example.com'] })];
    assert.equal(matchId(routes, { scheme: 'https', sni: 'api.example.com' }), 'r');
    assert.equal(matchId(routes, { scheme: 'https', sni: 'API.example.com.' }), 'r');
    assert.equal(matchId(routes, { scheme: 'https', sni: 'other.example.com' }), null);
    assert.equal(matchId(routes, { scheme: 'https' }), null);
    assert.equal(matchId(routes, { scheme: 'http', sni: 'other.example.com' }), 'r');
  });

  it('matches an https-only route over http and says the engine must require https', () => {
    const routes = [route('r', { paths: ['/'], protocols: ['https'] })];
    const plain = matchWith(routes, { scheme: 'http' });
    assert.equal(plain?.route.id, 'r');
    assert.equal(plain.httpsRequired, true);
    assert.equal(plain.protocolAllowed, false);
    const tls = matchWith(routes, { scheme: 'https', port: 443 });
    assert.equal(tls?.httpsRequired, false);
    assert.equal(tls.protocolAllowed, true);
  });

  it('reports what strip_path removes for prefix and regex paths', () => {
    const prefix = matchWith([route('p', { paths: ['/service'] })], { path: '/service/path/to/resource' });
    assert.equal(prefix?.stripLength, '/service'.length);
    assert.equal(prefix.pathRemainder, '/path/to/resource');
    const regex = matchWith([route('x', { paths: ['~/version/\\d+/service'] })], {
      path: '/version/1/service/path/to/resource',
    });
    assert.equal(regex?.matchedPath, '/version/1/service');
    assert.equal(regex.pathRemainder, '/path/to/resource');
    const kept = matchWith([route('k', { paths: ['/service'], strip_path: false })], { path: '/service/a' });
    assert.equal(kept?.stripLength, 0);
    assert.equal(kept.pathRemainder, '/service/a');
  });

  it('answers null when nothing matches, and for an empty route list', () => {
    assert.equal(matchId([route('r', { hosts: ['a.test'] })], { host: 'b.test' }), null);
    assert.equal(matchId([], {}), null);
  });
});
