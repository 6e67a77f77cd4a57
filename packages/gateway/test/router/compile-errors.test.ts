// A route the router cannot use fails the whole compile with GW_ERR_ROUTER_COMPILE, naming
// the place, the route and the bad value - so a DP can NACK the config with a useful reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRouter, GW_ERR_ROUTER_COMPILE, RouterCompileError } from '../../src/router/index.js';
import type { RouteSpec } from '../../src/router/index.js';
import { route } from './helpers.js';

function compileError(routes: RouteSpec[]): RouterCompileError {
  try {
    compileRouter(routes);
  } catch (err) {
    assert.ok(err instanceof RouterCompileError);
    assert.equal(err.code, GW_ERR_ROUTER_COMPILE);
    return err;
  }
  assert.fail('expected a compile error');
}

describe('router: compile errors', () => {
  it('rejects an invalid regex path, naming route, field and value', () => {
    const err = compileError([route('ok', { paths: ['/a'] }), route('r-1', { name: 'users', paths: ['/b', '~/users/(\\d+'] })]);
    assert.equal(err.routeId, 'r-1');
    assert.equal(err.routeName, 'users');
    assert.equal(err.field, 'routes[1].paths[1]');
    assert.equal(err.value, '~/users/(\\d+');
    assert.match(err.message, /routes\[1\]\.paths\[1\] of route "users" \(r-1\): is not a valid regex/);
    assert.ok(err.cause instanceof SyntaxError);
  });

  it('rejects a plain path that does not start with a slash', () => {
    assert.equal(compileError([route('r', { paths: ['users'] })]).field, 'routes[0].paths[0]');
  });

  it('rejects a route that sets no matching field', () => {
    assert.match(compileError([route('r', { paths: [], hosts: null })]).message, /at least one is required/);
  });

  it('rejects wildcards anywhere but a whole leftmost or rightmost label', () => {
    for (const bad of ['*.example.*', 'foo.*.com', '*example.com', 'a.b*']) {
      assert.equal(compileError([route('r', { hosts: [bad] })]).value, bad);
    }
  });

  it('rejects a bad port in a host entry', () => {
    assert.equal(compileError([route('r', { hosts: ['example.com:99999'] })]).field, 'routes[0].hosts[0]');
  });

  it('rejects lower-case or odd methods', () => {
    assert.equal(compileError([route('r', { methods: ['GET', 'post'] })]).field, 'routes[0].methods[1]');
  });

  it('rejects duplicate route ids', () => {
    assert.match(compileError([route('same', { paths: ['/a'] }), route('same', { paths: ['/b'] })]).message, /duplicates the id of routes\[0\]/);
  });

  it('rejects protocols the HTTP router does not serve, and SNIs without https', () => {
    assert.equal(compileError([route('r', { paths: ['/'], protocols: ['http', 'grpc'] })]).field, 'routes[0].protocols[1]');
    assert.equal(compileError([route('r', { snis: ['a.test'], protocols: ['http'] })]).field, 'routes[0].snis');
  });

  it('rejects a Host condition in headers and an invalid ~* header regex', () => {
    assert.match(compileError([route('r', { headers: { Host: ['a.test'] } })]).message, /use "hosts" instead/);
    assert.equal(compileError([route('r', { headers: { 'x-v': ['~*(v1'] } })]).field, 'routes[0].headers.x-v[0]');
  });
});
