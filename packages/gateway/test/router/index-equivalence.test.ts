// The index and the cache are optimisations: over random route sets and requests the indexed
// router (with and without its cache) must pick exactly what the linear reference picks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileLinearRouter, compileRouter } from '../../src/router/index.js';
import type { RouteMatch, RouteSpec, RouterRequest } from '../../src/router/index.js';
import { request, route } from './helpers.js';

const HOSTS = ['a.test', 'b.test', '*.test', '*.a.test', 'a.*', 'x.a.*', 'a.test:8080', 'x.a.test'];
// regexes chosen to probe the literal-prefix prefilter: alternation, optional and repeated
// atoms, escapes, a leading group
const PATHS = ['/', '/a', '/ab', '/a/b', '/b', '~/a/\\d+', '~/b', '~/(?<w>[ab])+$', '~/c|/a', '~/ab?c', '~/a\\/b', '~/a+b'];
const METHODS = ['GET', 'POST'];

function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { nil: null, freq: 2 });
}

const routeArb = fc
  .record({
    hosts: maybe(fc.uniqueArray(fc.constantFrom(...HOSTS), { minLength: 1, maxLength: 2 })),
    paths: maybe(fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 3 })),
    methods: maybe(fc.uniqueArray(fc.constantFrom(...METHODS), { minLength: 1, maxLength: 2 })),
    headers: maybe(fc.constantFrom<Record<string, string[]>>({ 'x-v': ['1'] }, { 'x-v': ['2', '~*^3'] }, { 'x-v': ['1'], 'x-w': ['1'] })),
    snis: maybe(fc.constantFrom<string[]>(['a.test'], ['b.test'])),
    regex_priority: fc.integer({ min: 0, max: 2 }),
    created_at: fc.integer({ min: 0, max: 3 }),
  })
  .filter((r) => r.hosts !== null || r.paths !== null || r.methods !== null || r.headers !== null || r.snis !== null);

const routesArb = fc
  .array(routeArb, { minLength: 1, maxLength: 12 })
  .map((specs) => specs.map((s, i): RouteSpec => route(`r${i}`, s)));

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT'),
  host: fc.constantFrom('a.test', 'b.test', 'x.a.test', 'y.x.a.test', 'a.org', 'x.a.org', 'a.test:8080', 'c.test', 'other'),
  path: fc.constantFrom('/', '/a', '/ab', '/a/b', '/a/12', '/b', '/abba', '/a/./b', '/%61b', '/c', '/ac', '/aab', '/abc'),
  headers: fc.constantFrom({}, { 'x-v': '1' }, { 'x-v': '3x' }, { 'x-v': ['2'], 'x-w': '1' }, { 'x-v': '1', 'x-w': '1' }),
  scheme: fc.constantFrom('http' as const, 'https' as const),
  sni: fc.constantFrom(undefined, 'a.test', 'b.test'),
});

function summary(m: RouteMatch | null): unknown {
  return m && { id: m.route.id, matched: m.matchedPath, captures: m.captures, host: m.matchedHost };
}

describe('router: index and cache agree with the linear reference', () => {
  it('picks the same route for random route sets and requests', () => {
    fc.assert(
      fc.property(routesArb, fc.array(requestArb, { minLength: 1, maxLength: 30 }), (routes, reqs) => {
        const cached = compileRouter(routes, { cacheSize: 8 });
        const uncached = compileRouter(routes, { cacheSize: 0 });
        const linear = compileLinearRouter(routes);
        // each request twice, so the second lookup may come from the cache
        for (const r of [...reqs, ...reqs]) {
          const req: RouterRequest = request(r);
          const expected = summary(linear.match(req));
          assert.deepEqual(summary(uncached.match(req)), expected);
          assert.deepEqual(summary(cached.match(req)), expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not let a cached result hide a header-conditioned route (regression)', () => {
    const routes = [route('plain', { paths: ['/api'] }), route('beta', { paths: ['/api'], headers: { 'x-beta': ['on'] } })];
    const router = compileRouter(routes);
    for (let i = 0; i < 3; i++) {
      assert.equal(router.match(request({ path: '/api/x' }))?.route.id, 'plain');
      assert.equal(router.match(request({ path: '/api/x', headers: { 'x-beta': 'on' } }))?.route.id, 'beta');
    }
  });

  it('splits hosts and regexes into the index buckets it reports', () => {
    const router = compileRouter([
      route('a', { hosts: ['a.test', '*.b.test'], paths: ['/x', '~/y'] }),
      route('b', { hosts: ['c.*'] }),
    ]);
    assert.deepEqual(router.stats, { routes: 2, entries: 3, exactHosts: 1, wildcardHosts: 2, regexEntries: 1 });
  });
});
