/**
 * Random valid declarative configs for the property tests: a small model (services with
 * routes and a plugin, upstreams with targets, consumers with credentials) and renderers that
 * write the same model nested, flat, or a mix of both.
 */
import fc from 'fast-check';

/** How a flat child names its parent: a plain name or `{ name }`. */
export type RefStyle = 'string' | 'object';

interface Placed {
  /** Written at the top level with a reference (in the flat and mixed renderings). */
  flat: boolean;
  ref: RefStyle;
}

export interface RouteModel extends Placed {
  name: string;
  /** Unnamed routes get their id from their content; their first path keeps them distinct. */
  named: boolean;
  fields: Record<string, unknown>;
}

export interface ServiceModel {
  name: string;
  fields: Record<string, unknown>;
  routes: RouteModel[];
  keyAuth?: Placed & { config: Record<string, unknown> };
}

export interface TargetModel extends Placed {
  fields: Record<string, unknown>;
}

export interface UpstreamModel {
  name: string;
  fields: Record<string, unknown>;
  targets: TargetModel[];
}

export interface ConsumerModel {
  username: string;
  fields: Record<string, unknown>;
  keys: (Placed & { key: string })[];
  groups: (Placed & { group: string })[];
}

export interface ConfigModel {
  services: ServiceModel[];
  upstreams: UpstreamModel[];
  consumers: ConsumerModel[];
}

/** Names from a safe alphabet: valid for every name field, never read as a non-string by YAML. */
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const hostname = fc.array(name, { minLength: 1, maxLength: 3 }).map((labels) => `${labels.join('.')}.internal`);
const placed = fc.record({ flat: fc.boolean(), ref: fc.constantFrom<RefStyle>('string', 'object') });
const tags = fc.uniqueArray(name, { minLength: 1, maxLength: 3 });

/** Optional fields: each key present or absent independently. */
function optional<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(fields, { requiredKeys: [] }).map((r) => ({ ...r }));
}

function routesOf(service: string): fc.Arbitrary<RouteModel[]> {
  const route = (suffix: string) =>
    fc
      .record({
        named: fc.boolean(),
        placed,
        extraPaths: fc.uniqueArray(name.map((n) => `/${n}`), { maxLength: 2 }),
        fields: optional({
          methods: fc.subarray(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], { minLength: 1 }),
          hosts: fc.uniqueArray(hostname, { minLength: 1, maxLength: 2 }),
          protocols: fc.constantFrom(['http'], ['https'], ['http', 'https']),
          strip_path: fc.boolean(),
          preserve_host: fc.boolean(),
          regex_priority: fc.integer({ min: -100, max: 100 }),
          tags,
        }),
      })
      .map(({ named, placed: p, extraPaths, fields }): RouteModel => {
        const first = `/${service}/${suffix}`;
        return { name: `${service}.${suffix}`, named, ...p, fields: { ...fields, paths: [first, ...extraPaths.filter((x) => x !== first)] } };
      });
  return fc.uniqueArray(name, { maxLength: 3 }).chain((suffixes) => fc.tuple(...suffixes.map(route)));
}

const service: fc.Arbitrary<ServiceModel> = name.chain((n) =>
  fc.record({
    name: fc.constant(n),
    fields: fc.tuple(
      hostname,
      optional({
        port: fc.integer({ min: 1, max: 65535 }),
        protocol: fc.constantFrom('http', 'https'),
        path: name.map((p) => `/${p}`),
        retries: fc.integer({ min: 0, max: 10 }),
        connect_timeout: fc.integer({ min: 1, max: 120000 }),
        read_timeout: fc.integer({ min: 1, max: 120000 }),
        enabled: fc.boolean(),
        tags,
      }),
    ).map(([host, rest]) => ({ host, ...rest })),
    routes: routesOf(n),
    keyAuth: fc.option(
      fc.record({ placed, config: optional({ hide_credentials: fc.boolean(), key_names: fc.uniqueArray(name, { minLength: 1, maxLength: 2 }) }) })
        .map(({ placed: p, config }) => ({ ...p, config })),
      { nil: undefined },
    ),
  }),
);

const upstream: fc.Arbitrary<UpstreamModel> = fc.record({
  name,
  fields: optional({
    algorithm: fc.constantFrom('round-robin', 'least-connections'),
    slots: fc.integer({ min: 10, max: 65536 }),
    healthchecks: optional({
      active: optional({ http_path: name.map((p) => `/${p}`), healthy: optional({ interval: fc.integer({ min: 0, max: 60 }) }) }),
      threshold: fc.integer({ min: 0, max: 100 }),
    }),
  }),
  targets: fc.uniqueArray(
    fc.record({ host: hostname, port: fc.integer({ min: 1, max: 65535 }), weight: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }), placed }),
    { maxLength: 3, selector: (t) => `${t.host}:${t.port}` },
  ).map((ts) => ts.map(({ host, port, weight, placed: p }) => ({ ...p, fields: { target: `${host}:${port}`, ...(weight === undefined ? {} : { weight }) } }))),
});

const consumer: fc.Arbitrary<ConsumerModel> = name.chain((username) =>
  fc.record({
    username: fc.constant(username),
    fields: optional({ custom_id: fc.constant(`cid-${username}`), tags }),
    keys: fc.uniqueArray(name, { maxLength: 2 }).chain((ks) => fc.tuple(...ks.map((k) => placed.map((p) => ({ ...p, key: `${username}:${k}` }))))),
    groups: fc.uniqueArray(name, { maxLength: 2 }).chain((gs) => fc.tuple(...gs.map((group) => placed.map((p) => ({ ...p, group }))))),
  }),
);

/** A model of a valid config: names unique per entity type, at least one service. */
export const configModel: fc.Arbitrary<ConfigModel> = fc.record({
  services: fc.uniqueArray(service, { minLength: 1, maxLength: 4, selector: (s) => s.name }),
  upstreams: fc.uniqueArray(upstream, { maxLength: 3, selector: (u) => u.name }),
  consumers: fc.uniqueArray(consumer, { maxLength: 3, selector: (c) => c.username }),
});

export type Placement = 'nested' | 'flat' | 'mixed';

/** The model as a declarative document; children nested, flat (with references) or each as drawn. */
export function render(model: ConfigModel, placement: Placement = 'nested'): Record<string, unknown> {
  const isFlat = (p: Placed) => placement === 'flat' || (placement === 'mixed' && p.flat);
  const ref = (p: Placed, target: string) => (p.ref === 'string' ? target : { name: target });
  const top: Record<string, unknown[]> = { services: [], routes: [], upstreams: [], targets: [], consumers: [], plugins: [], keyauth_credentials: [], acls: [] };
  /** Puts `child` under `parent[key]`, or at the top level with `field: <ref to parent>`. */
  const place = (p: Placed, child: Record<string, unknown>, parent: Record<string, unknown>, key: string, field: string, parentName: string) => {
    if (isFlat(p)) top[key]!.push({ ...child, [field]: ref(p, parentName) });
    else ((parent[key] ??= []) as unknown[]).push(child);
  };
  for (const s of model.services) {
    const svc: Record<string, unknown> = { name: s.name, ...s.fields };
    top['services']!.push(svc);
    for (const r of s.routes) place(r, { ...(r.named ? { name: r.name } : {}), ...r.fields }, svc, 'routes', 'service', s.name);
    if (s.keyAuth) place(s.keyAuth, { name: 'key-auth', config: s.keyAuth.config }, svc, 'plugins', 'service', s.name);
  }
  for (const u of model.upstreams) {
    const up: Record<string, unknown> = { name: u.name, ...u.fields };
    top['upstreams']!.push(up);
    for (const t of u.targets) place(t, t.fields, up, 'targets', 'upstream', u.name);
  }
  for (const c of model.consumers) {
    const con: Record<string, unknown> = { username: c.username, ...c.fields };
    top['consumers']!.push(con);
    for (const k of c.keys) place(k, { key: k.key }, con, 'keyauth_credentials', 'consumer', c.username);
    for (const g of c.groups) place(g, { group: g.group }, con, 'acls', 'consumer', c.username);
  }
  const doc: Record<string, unknown> = { _format_version: '3.0' };
  for (const [key, list] of Object.entries(top)) if (list.length > 0) doc[key] = list;
  return structuredClone(doc);
}
