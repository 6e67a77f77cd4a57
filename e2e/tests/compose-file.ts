/**
 * A compose file read the way `docker compose` reads it, reduced to what the checks need:
 * YAML with merge keys, `$$` escapes, environment as a map, ports and volumes in one shape
 * whatever syntax (short or long) the file uses.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

export type EnvValue = string | number | boolean | null;

export interface ComposeService {
  readonly image?: string;
  readonly build?: string | { readonly context?: string; readonly dockerfile?: string };
  readonly command?: string | readonly string[];
  readonly entrypoint?: string | readonly string[];
  readonly environment?: Readonly<Record<string, EnvValue>> | readonly string[];
  readonly env_file?: string | readonly (string | { readonly path: string; readonly required?: boolean })[];
  readonly volumes?: readonly (string | { readonly type: string; readonly source?: string; readonly target: string })[];
  readonly ports?: readonly (string | number | PortObject)[];
  readonly depends_on?: readonly string[] | Readonly<Record<string, { readonly condition: string }>>;
  readonly healthcheck?: { readonly test?: string | readonly string[]; readonly disable?: boolean };
  readonly profiles?: readonly string[];
  readonly restart?: string;
}

interface PortObject {
  readonly target: number | string;
  readonly published?: number | string;
  readonly host_ip?: string;
  readonly protocol?: string;
}

export interface ComposeDocument {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
  readonly configs?: Readonly<Record<string, { readonly file?: string }>>;
  readonly secrets?: Readonly<Record<string, { readonly file?: string }>>;
}

export type Loaded = { readonly ok: true; readonly document: unknown } | { readonly ok: false; readonly problems: readonly string[] };

/** Parses a compose file (YAML 1.2 with `<<` merge keys, as compose-go does). */
export function loadComposeFile(file: string): Loaded {
  const doc = parseDocument(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true });
  if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => `YAML: ${e.message}`) };
  return { ok: true, document: doc.toJS({ maxAliasCount: 1000 }) as unknown };
}

/** Splits a command or entrypoint the way the file gives it: a list, or a string of words. */
export function words(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? value.trim().split(/\s+/) : value;
}

/**
 * The environment a container gets from `environment:` (map or KEY=VALUE list). Variables
 * given without a value come from the host at `up` and are left out; `$$` is compose's escape
 * for `$`. A value that still holds `${...}` or `$NAME` is interpolated by compose and is
 * reported by `interpolated` instead of being guessed.
 */
export function serviceEnvironment(service: ComposeService): { readonly env: Record<string, string>; readonly interpolated: readonly string[] } {
  const raw: [string, EnvValue | undefined][] = Array.isArray(service.environment)
    ? (service.environment as readonly string[]).map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, undefined] : [entry.slice(0, eq), entry.slice(eq + 1)];
      })
    : Object.entries(service.environment ?? {});
  const env: Record<string, string> = {};
  const interpolated: string[] = [];
  for (const [name, value] of raw) {
    if (value === undefined || value === null) continue;
    const text = String(value);
    if (/\$(?!\$)[{A-Za-z_]/.test(text.replace(/\$\$/g, ''))) interpolated.push(name);
    env[name] = text.replace(/\$\$/g, '$');
  }
  return { env, interpolated };
}

export interface PublishedPort {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: string;
  /** As written in the file, for messages. */
  readonly spec: string;
}

function range(text: string): number[] {
  const [from, to = from] = text.split('-').map(Number);
  if (from === undefined || to === undefined || !Number.isInteger(from) || !Number.isInteger(to) || to < from) return [];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Ports published on the host; a container port without a host port gets an ephemeral one and is left out. */
export function publishedPorts(service: ComposeService): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const entry of service.ports ?? []) {
    if (typeof entry === 'object') {
      if (entry.published === undefined) continue;
      const hostPorts = range(String(entry.published));
      const containerPorts = range(String(entry.target));
      const spec = `${entry.host_ip ? `${entry.host_ip}:` : ''}${entry.published}:${entry.target}`;
      hostPorts.forEach((hostPort, i) => {
        out.push({ hostIp: entry.host_ip ?? '0.0.0.0', hostPort, containerPort: containerPorts[i] ?? containerPorts[0] ?? 0, protocol: entry.protocol ?? 'tcp', spec });
      });
      continue;
    }
    // [ip:][host:]container[/protocol], an IPv6 ip in brackets
    const spec = String(entry);
    const [address = '', protocol = 'tcp'] = spec.split('/');
    const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(address);
    const parts = bracketed ? [bracketed[1] ?? '', ...(bracketed[2] ?? '').split(':')] : address.split(':');
    const [ip, host, container] = parts.length === 3 ? parts : parts.length === 2 ? ['0.0.0.0', ...parts] : [];
    if (ip === undefined || host === undefined || host === '' || container === undefined) continue; // no host port: ephemeral
    const containerPorts = range(container);
    range(host).forEach((hostPort, i) => out.push({ hostIp: ip, hostPort, containerPort: containerPorts[i] ?? containerPorts[0] ?? 0, protocol, spec }));
  }
  return out;
}

export interface Mount {
  readonly kind: 'bind' | 'volume' | 'other';
  /** Host path (bind, as written) or volume name. */
  readonly source: string;
  readonly target: string;
}

/** `volumes:` entries, short (`src:target[:mode]`) or long syntax. */
export function mounts(service: ComposeService): Mount[] {
  return (service.volumes ?? []).map((entry): Mount => {
    if (typeof entry === 'object') {
      const kind = entry.type === 'bind' || entry.type === 'volume' ? entry.type : 'other';
      return { kind, source: entry.source ?? '', target: entry.target };
    }
    const [source = '', target, ..._mode] = entry.split(':');
    if (target === undefined) return { kind: 'volume', source: '', target: source }; // anonymous volume
    const bind = /^[./~]/.test(source);
    return { kind: bind ? 'bind' : 'volume', source, target };
  });
}

/** depends_on as name -> condition (the list form means service_started). */
export function dependencies(service: ComposeService): Record<string, string> {
  const deps = service.depends_on;
  if (deps === undefined) return {};
  if (Array.isArray(deps)) return Object.fromEntries((deps as readonly string[]).map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps as Readonly<Record<string, { readonly condition: string }>>).map(([name, d]) => [name, d.condition]));
}
