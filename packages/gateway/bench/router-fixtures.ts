// Deterministic, realistic route sets and request streams for the router benchmark.
// A seeded PRNG keeps every run comparable.
import type { RouteSpec, RouterRequest } from '../src/router/index.js';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for fixtures. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: Rng, items: readonly T[]): T {
  const item = items[Math.floor(r() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const RESOURCES = ['users', 'orders', 'items', 'carts', 'payments', 'invoices', 'products', 'reviews', 'search', 'auth'];
const VERSIONS = ['v1', 'v2', 'v3'];
const METHOD_SETS = [null, null, ['GET'], ['GET', 'HEAD'], ['POST'], ['PUT', 'PATCH'], ['DELETE']];

function base(id: number, fields: Partial<RouteSpec>): RouteSpec {
  return {
    id: `route-${id}`,
    name: `route-${id}`,
    protocols: ['http', 'https'],
    regex_priority: 0,
    strip_path: true,
    preserve_host: false,
    path_handling: 'v0',
    created_at: 1_700_000_000 + id,
    service: { id: `service-${id % 500}` },
    ...fields,
  };
}

function prefixPath(r: Rng, id: number): string {
  const depth = 1 + Math.floor(r() * 3);
  const parts = [pick(r, VERSIONS), pick(r, RESOURCES), `r${id}`].slice(0, depth);
  return '/' + parts.join('/');
}

/**
 * A mix like a multi-team gateway: mostly host + prefix routes, some wildcard hosts,
 * host-less API paths, method splits, header-versioned routes and a few regex paths.
 */
export function generateRoutes(count: number, seed = 42): RouteSpec[] {
  const r = rng(seed);
  const hostCount = Math.max(10, Math.floor(count / 25));
  const routes: RouteSpec[] = [];
  for (let id = 0; id < count; id++) {
    const host = `svc${Math.floor(r() * hostCount)}.example.com`;
    const methods = pick(r, METHOD_SETS);
    const roll = r();
    if (roll < 0.55) {
      const paths = r() < 0.2 ? [prefixPath(r, id), prefixPath(r, id + 1)] : [prefixPath(r, id)];
      routes.push(base(id, { hosts: [host], paths, methods }));
    } else if (roll < 0.65) {
      const wild = r() < 0.7 ? `*.tenant${id % 200}.example.net` : `api${id % 100}.*`;
      routes.push(base(id, { hosts: [wild], paths: [prefixPath(r, id)] }));
    } else if (roll < 0.8) {
      routes.push(base(id, { paths: [`/teams/t${id % 300}${prefixPath(r, id)}`], methods }));
    } else if (roll < 0.85) {
      const paths = [`~/${pick(r, VERSIONS)}/r${id}/(?<id>\\d+)/${pick(r, RESOURCES)}(/\\d+)?$`];
      routes.push(base(id, { hosts: r() < 0.8 ? [host] : null, paths, regex_priority: Math.floor(r() * 3) }));
    } else if (roll < 0.92) {
      const headers = { 'x-api-version': [pick(r, VERSIONS)], ...(r() < 0.3 ? { 'x-tenant': [`t${id % 50}`] } : {}) };
      routes.push(base(id, { hosts: [host], paths: [prefixPath(r, id)], headers }));
    } else {
      routes.push(base(id, { hosts: [`only${id}.example.org`, `only${id}.example.org:8443`], methods }));
    }
  }
  return routes;
}

function concretePath(r: Rng, pattern: string): string {
  if (!pattern.startsWith('~')) return pattern + (r() < 0.6 ? `/${pick(r, RESOURCES)}/${Math.floor(r() * 1000)}` : '');
  return pattern
    .slice(1)
    .replace(/\(\?<id>\\d\+\)/, String(Math.floor(r() * 100000)))
    .replace(/\(\/\\d\+\)\?\$$/, r() < 0.5 ? `/${Math.floor(r() * 100)}` : '');
}

function concreteHost(r: Rng, pattern: string): string {
  if (pattern.startsWith('*.')) return `h${Math.floor(r() * 99)}${pattern.slice(1)}`;
  if (pattern.endsWith('.*')) return pattern.slice(0, -1) + pick(r, ['com', 'io', 'dev']);
  return pattern;
}

/** Requests aimed at a random route (`hitRatio`) or at nothing in particular. */
export function generateRequests(routes: readonly RouteSpec[], count: number, hitRatio: number, seed = 7): RouterRequest[] {
  const r = rng(seed);
  const out: RouterRequest[] = [];
  for (let i = 0; i < count; i++) {
    const target = pick(r, routes);
    if (r() < hitRatio) {
      const headers: Record<string, string> = {};
      for (const [name, values] of Object.entries(target.headers ?? {})) headers[name] = pick(r, values);
      out.push({
        method: target.methods ? pick(r, target.methods) : pick(r, ['GET', 'POST']),
        host: target.hosts ? concreteHost(r, pick(r, target.hosts)) : `svc${Math.floor(r() * 400)}.example.com`,
        path: target.paths ? concretePath(r, pick(r, target.paths)) : `/${pick(r, RESOURCES)}`,
        headers,
        scheme: 'https',
        sni: 'example.com',
        port: 443,
      });
    } else {
      out.push({
        method: pick(r, ['GET', 'POST', 'OPTIONS']),
        host: r() < 0.5 ? `unknown${Math.floor(r() * 1e6)}.example.org` : `svc${Math.floor(r() * 400)}.example.com`,
        path: `/${pick(r, ['x', 'v9', 'static', 'teams/none'])}/${Math.floor(r() * 1e6)}`,
        headers: { 'user-agent': 'bench' },
        scheme: 'http',
        port: 80,
      });
    }
  }
  return out;
}
