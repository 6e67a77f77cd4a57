// Path normalisation (Kong "Normalization behavior") and the upstream path Kong builds
// from service.path and the match (path_handling v0 table of the Admin API docs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeUpstreamPath, normalisePath, upstreamPath } from '../../src/router/index.js';
import { matchWith, route } from './helpers.js';

describe('router: path normalisation', () => {
  it('applies the four documented steps', () => {
    assert.equal(normalisePath('/foo%3a'), '/foo%3A');
    assert.equal(normalisePath('/fo%6F'), '/foo');
    assert.equal(normalisePath('/foo/./bar/../baz'), '/foo/baz');
    assert.equal(normalisePath('/foo//bar'), '/foo/bar');
  });

  it('keeps reserved characters and control characters encoded, decodes valid UTF-8', () => {
    assert.equal(normalisePath('/a%2fb%3F%25'), '/a%2Fb%3F%25');
    assert.equal(normalisePath('/a%00b'), '/a%00b');
    assert.equal(normalisePath('/caf%C3%A9'), '/café');
    assert.equal(normalisePath('/bad%C3'), '/bad%C3');
    assert.equal(normalisePath('/100%'), '/100%');
  });

  it('handles dot segments at the edges', () => {
    assert.equal(normalisePath('/../a'), '/a');
    assert.equal(normalisePath('/a/b/..'), '/a/');
    assert.equal(normalisePath('/a/.'), '/a/');
    assert.equal(normalisePath('/'), '/');
    assert.equal(normalisePath(''), '/');
  });

  it('escapes what must not travel raw upstream', () => {
    assert.equal(escapeUpstreamPath('/café bar'), '/caf%C3%A9%20bar');
    assert.equal(escapeUpstreamPath("/a:b@c!$&'()*+,;=~"), "/a:b@c!$&'()*+,;=~");
  });

  it('normalises regex route paths only by decoding unreserved characters', () => {
    assert.equal(matchWith([route('r', { paths: ['~/v%31%2E0'] })], { path: '/v1.0' })?.route.id, 'r');
    assert.equal(matchWith([route('r', { paths: ['~/v%31%2E0'] })], { path: '/v1x0' }), null);
  });
});

describe('router: upstream path (path_handling v0)', () => {
  const cases: [string, string, boolean, string, string][] = [
    // service.path, route path, strip_path, request path, upstream path
    ['/s', '/fv0', false, '/fv0/req', '/s/fv0/req'],
    ['/s', '/fv0', false, '/fv0', '/s/fv0'],
    ['/s', '/tv0', true, '/tv0/req', '/s/req'],
    ['/s', '/tv0', true, '/tv0', '/s'],
    ['/s', '/tv0', true, '/tv0req', '/s/req'],
    ['/s', '/tv0/', true, '/tv0/req', '/s/req'],
    ['/s', '/tv0/', true, '/tv0/', '/s/'],
    ['/s/', '/tv0', true, '/tv0/req', '/s/req'],
    ['/', '/api', true, '/api/users', '/users'],
    ['/', '/api', true, '/api', '/'],
    ['/', '/api', false, '/api/users', '/api/users'],
  ];
  for (const [service, path, strip, req, expected] of cases) {
    it(`service ${service}, route ${path}, strip ${strip}: ${req} -> ${expected}`, () => {
      const m = matchWith([route('r', { paths: [path], strip_path: strip })], { path: req });
      assert.ok(m);
      assert.equal(upstreamPath(service, m), expected);
    });
  }

  it('strips the whole regex match and defaults an empty service path to /', () => {
    const m = matchWith([route('r', { paths: ['~/version/\\d+/service'] })], { path: '/version/1/service/path/to/resource' });
    assert.ok(m);
    assert.equal(upstreamPath(null, m), '/path/to/resource');
  });
});
