// Which route wins when several match: Kong 3.x traditional_compatible priority
// (docs "Matching priorities" / "Evaluation order"; kong/router/transform.lua get_priority).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchId, route } from './helpers.js';

describe('router: priority between matching routes', () => {
  it('tries the route with more fields first (docs: hosts vs hosts+methods)', () => {
    const routes = [route('host', { hosts: ['example.com'] }), route('host-post', { hosts: ['example.com'], methods: ['POST'] })];
    assert.equal(matchId(routes, { method: 'GET' }), 'host');
    assert.equal(matchId(routes, { method: 'POST' }), 'host-post');
  });

  it('prefers method+path over path alone', () => {
    const routes = [route('path', { paths: ['/users'] }), route('get-path', { paths: ['/users'], methods: ['GET'] })];
    assert.equal(matchId(routes, { path: '/users/1' }), 'get-path');
    assert.equal(matchId(routes, { path: '/users/1', method: 'DELETE' }), 'path');
  });

  it('prefers plain hosts over wildcard hosts', () => {
    const routes = [route('wild', { hosts: ['*.example.com'] }), route('plain', { hosts: ['a.example.com'] })];
    assert.equal(matchId(routes, { host: 'a.example.com' }), 'plain');
    assert.equal(matchId(routes, { host: 'b.example.com' }), 'wild');
  });

  it('prefers the route with more header names', () => {
    const routes = [
      route('one', { headers: { 'x-a': ['1'] } }),
      route('two', { headers: { 'x-a': ['1'], 'x-b': ['2'] } }),
    ];
    assert.equal(matchId(routes, { headers: { 'x-a': '1', 'x-b': '2' } }), 'two');
    assert.equal(matchId(routes, { headers: { 'x-a': '1' } }), 'one');
  });

  it('evaluates the longest plain prefix first, so it is not shadowed', () => {
    const routes = [route('short', { paths: ['/service'] }), route('long', { paths: ['/service/resource'] })];
    assert.equal(matchId(routes, { path: '/service/resource/1' }), 'long');
    assert.equal(matchId(routes, { path: '/service/other' }), 'short');
  });

  it('follows the documented regex_priority evaluation order', () => {
    const routes = [
      route('status', { paths: ['~/status/\\d+'], regex_priority: 0 }),
      route('version-status', { paths: ['~/version/\\d+/status/\\d+'], regex_priority: 6 }),
      route('version', { paths: ['/version'] }),
      route('version-any', { paths: ['~/version/any/'] }),
    ];
    assert.equal(matchId(routes, { path: '/version/1/status/2' }), 'version-status');
    assert.equal(matchId(routes, { path: '/status/5' }), 'status');
    assert.equal(matchId(routes, { path: '/version/any/thing' }), 'version-any');
    assert.equal(matchId(routes, { path: '/version/2' }), 'version');
  });

  it('prefers a regex path over a longer plain prefix at equal field counts (kong#4121)', () => {
    const routes = [route('plain', { paths: ['/api/account'] }), route('regex', { paths: ['~/api/.*'] })];
    assert.equal(matchId(routes, { path: '/api/account/getAll' }), 'regex');
  });

  it('orders regexes by regex_priority, higher first', () => {
    const routes = [
      route('low', { paths: ['~/a'], regex_priority: 1, created_at: 1 }),
      route('high', { paths: ['~/a/b'], regex_priority: 5, created_at: 2 }),
    ];
    assert.equal(matchId(routes, { path: '/a/b' }), 'high');
    assert.equal(matchId(routes, { path: '/a/c' }), 'low');
  });

  it('ignores regex_priority for plain paths (kong#7687)', () => {
    const routes = [
      route('root', { hosts: ['foo.com'], paths: ['/'], regex_priority: 1 }),
      route('v1', { hosts: ['foo.com'], paths: ['/v1'], regex_priority: 0 }),
      route('other', { hosts: ['bar.com'], paths: ['~/.*'] }),
    ];
    assert.equal(matchId(routes, { host: 'foo.com', path: '/v1/x' }), 'v1');
  });

  it('breaks full ties by created_at, then by id', () => {
    const routes = [
      route('b-late', { paths: ['~/x'], created_at: 200 }),
      route('c-early', { paths: ['~/x'], created_at: 100 }),
    ];
    assert.equal(matchId(routes, { path: '/x' }), 'c-early');
    const sameTime = [route('b', { paths: ['/x'], created_at: 1 }), route('a', { paths: ['/x'], created_at: 1 })];
    assert.equal(matchId(sameTime, { path: '/x' }), 'a');
    assert.equal(matchId([...sameTime].reverse(), { path: '/x' }), 'a');
  });

  it('ranks each path length of a route on its own, as Kong 3 splits routes', () => {
    const routes = [
      route('split', { paths: ['/', '/api/v1/users'], created_at: 1 }),
      route('api', { paths: ['/api'], created_at: 2 }),
    ];
    assert.equal(matchId(routes, { path: '/api/v1/users/7' }), 'split');
    assert.equal(matchId(routes, { path: '/api/other' }), 'api');
    assert.equal(matchId(routes, { path: '/elsewhere' }), 'split');
  });

  it('gives a plain-host route the edge over a host-less one with as many fields', () => {
    const routes = [route('paths', { paths: ['/foo'] }), route('hosts', { hosts: ['example.com'] })];
    assert.equal(matchId(routes, { host: 'example.com', path: '/foo' }), 'hosts');
  });

  it('ranks a wildcard-host route with host-less ones: a longer prefix then wins', () => {
    const routes = [route('wild', { hosts: ['*.com'] }), route('paths', { paths: ['/foo'] })];
    assert.equal(matchId(routes, { host: 'example.com', path: '/foo' }), 'paths');
    assert.equal(matchId(routes, { host: 'example.com', path: '/bar' }), 'wild');
  });

  it('prefers a host:port route with more fields over a plain host route', () => {
    const routes = [
      route('any-port', { hosts: ['example.com'] }),
      route('port', { hosts: ['example.com:8443'], paths: ['/'] }),
    ];
    assert.equal(matchId(routes, { host: 'example.com:8443' }), 'port');
    assert.equal(matchId(routes, { host: 'example.com:8080' }), 'any-port');
  });

  it('counts snis as a field', () => {
    const routes = [
      route('host', { hosts: ['api.test'] }),
      route('host-sni', { hosts: ['api.test'], snis: ['api.test'], protocols: ['https'] }),
    ];
    assert.equal(matchId(routes, { host: 'api.test', scheme: 'https', sni: 'api.test' }), 'host-sni');
    assert.equal(matchId(routes, { host: 'api.test', scheme: 'https', sni: 'other.test' }), 'host');
  });
});
