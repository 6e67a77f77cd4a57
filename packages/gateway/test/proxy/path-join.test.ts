// Kong's strip_path × path_handling table (Admin API docs, route object, "path_handling"), every
// row, plus the rows of the older 2.x table (requests without a slash after the route path).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendQuery, joinUpstreamPath } from '../../src/proxy/index.js';
import type { PathHandling } from '../../src/proxy/index.js';

type Row = [service: string, route: string, strip: boolean, handling: PathHandling, request: string, upstream: string];

/** What the router reports as stripped for a plain prefix route. */
function stripped(route: string, strip: boolean, request: string): string | undefined {
  return strip && request.startsWith(route) ? route : undefined;
}

const KONG_TABLE: Row[] = [
  ['/s', '/fv0', false, 'v0', '/fv0/req', '/s/fv0/req'],
  ['/s', '/fv0', false, 'v0', '/fv0', '/s/fv0'],
  ['/s', '/fv1', false, 'v1', '/fv1/req', '/sfv1/req'],
  ['/s', '/fv1', false, 'v1', '/fv1', '/sfv1'],
  ['/s', '/tv0', true, 'v0', '/tv0/req', '/s/req'],
  ['/s', '/tv0', true, 'v0', '/tv0', '/s'],
  ['/s', '/tv1', true, 'v1', '/tv1/req', '/s/req'],
  ['/s', '/tv1', true, 'v1', '/tv1', '/s'],
  ['/s', '/fv0/', false, 'v0', '/fv0/req', '/s/fv0/req'],
  // The docs print `/s/fv01/` here, a typo: Kong's get_upstream_uri gives service path + request path.
  ['/s', '/fv0/', false, 'v0', '/fv0/', '/s/fv0/'],
  ['/s', '/fv1/', false, 'v1', '/fv1/req', '/sfv1/req'],
  ['/s', '/fv1/', false, 'v1', '/fv1/', '/sfv1/'],
  ['/s', '/tv0/', true, 'v0', '/tv0/req', '/s/req'],
  ['/s', '/tv0/', true, 'v0', '/tv0/', '/s/'],
  ['/s', '/tv1/', true, 'v1', '/tv1/req', '/sreq'],
  ['/s', '/tv1/', true, 'v1', '/tv1/', '/s'],
];

const KONG_2X_TABLE: Row[] = [
  ['/s', '/fv0', false, 'v0', '/fv0req', '/s/fv0req'],
  ['/s', '/fv1', false, 'v1', '/fv1req', '/sfv1req'],
  ['/s', '/tv0', true, 'v0', '/tv0req', '/s/req'],
  ['/s', '/tv1', true, 'v1', '/tv1req', '/sreq'],
];

const EDGES: Row[] = [
  ['/', '/api', true, 'v0', '/api/users', '/users'],
  ['/', '/api', true, 'v0', '/api', '/'],
  ['/', '/api', false, 'v0', '/api/users', '/api/users'],
  ['/s/', '/api', true, 'v0', '/api/users', '/s/users'],
  ['/s/', '/api', true, 'v0', '/api', '/s'],
  ['/s/', '/api', true, 'v0', '/api/', '/s/'],
  ['/s/', '/api', false, 'v0', '/api/x', '/s/api/x'],
  ['/s', '/', false, 'v0', '/', '/s'],
  ['/s/', '/tv1', true, 'v1', '/tv1/req', '/s/req'],
  ['/s/', '/fv1', false, 'v1', '/fv1/req', '/s/fv1/req'],
];

describe('joinUpstreamPath', () => {
  for (const [name, rows] of [['Kong 3.x table', KONG_TABLE], ['Kong 2.x table', KONG_2X_TABLE], ['edges', EDGES]] as const) {
    describe(name, () => {
      for (const [service, route, strip, handling, request, upstream] of rows) {
        it(`${handling} service ${service}, route ${route}, strip ${strip}: ${request} -> ${upstream}`, () => {
          const got = joinUpstreamPath({
            servicePath: service,
            requestPath: request,
            strippedPrefix: stripped(route, strip, request),
            pathHandling: handling,
          });
          assert.equal(got, upstream);
        });
      }
    });
  }

  it('treats a missing or empty service path as /', () => {
    assert.equal(joinUpstreamPath({ servicePath: null, requestPath: '/a/b', strippedPrefix: '/a', pathHandling: 'v0' }), '/b');
    assert.equal(joinUpstreamPath({ servicePath: '', requestPath: '/a', pathHandling: 'v0' }), '/a');
  });

  it('strips the whole regex match and drops a leading ./ or ../ from the rest', () => {
    const base = { servicePath: '/s', pathHandling: 'v0' as const };
    assert.equal(joinUpstreamPath({ ...base, requestPath: '/version/1/service/x', strippedPrefix: '/version/1/service' }), '/s/x');
    assert.equal(joinUpstreamPath({ ...base, requestPath: '/p./x', strippedPrefix: '/p' }), '/s/x');
    assert.equal(joinUpstreamPath({ ...base, requestPath: '/p../x', strippedPrefix: '/p' }), '/s/x');
  });

  it('appends the query string as Kong does, keeping a bare ?', () => {
    assert.equal(appendQuery('/s/x', '/p/x?a=1&b=2'), '/s/x?a=1&b=2');
    assert.equal(appendQuery('/s/x', '/p/x?'), '/s/x?');
    assert.equal(appendQuery('/s/x', '/p/x'), '/s/x');
  });
});
