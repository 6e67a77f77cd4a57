/**
 * The messages between a data plane's primary process and its proxy workers (node:cluster IPC,
 * JSON). Each side checks every message against these shapes before it acts on it; a message
 * that does not fit is logged and dropped, never trusted. The config inside `init` and `apply`
 * is only shape-checked here: the worker validates it in full (schema, plugins, hash) as any
 * config, see validate-config.ts.
 *
 * primary -> worker: init (once, answers hello), apply, stats, metrics, drain
 * worker -> primary: hello, started | start_failed, applied | apply_failed, stats, metrics
 */
import type { ListenAddress, LogLevel } from '@gatehouse/config';
import type { ConfigSource } from '@gatehouse/gateway';

const CONFIG_SOURCES: readonly ConfigSource[] = ['control_plane', 'cache', 'fallback_storage', 'declarative_config'];
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'notice', 'warn', 'error', 'crit'];
const METRIC_TYPES = ['counter', 'gauge', 'histogram', 'summary'];
const AGGREGATORS = ['sum', 'first', 'min', 'max', 'average', 'omit'];
const HASH = /^[0-9a-f]{64}$/;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_TEXT = 4096;
const MAX_SEQ = Number.MAX_SAFE_INTEGER;
/** Bounds on one worker's metrics reply: far above what the bundled plugins produce. */
export const MAX_METRIC_FAMILIES = 2000;
export const MAX_METRIC_VALUES = 200_000;

export interface WireMeta {
  readonly version: number | null;
  readonly hash: string;
  readonly source: ConfigSource;
}
/** A config as the primary hands it over: the normalised config (plain data) and what it is. */
export interface WireConfig {
  readonly config: unknown;
  readonly meta: WireMeta;
}
export interface Running {
  readonly version: number | null;
  readonly hash: string;
}
/** The node settings a worker needs; the primary read them once, so every worker gets the same. */
export interface WorkerSettings {
  readonly proxy_listen: readonly ListenAddress[];
  readonly prefix: string;
  readonly log_level: LogLevel;
  readonly proxy_access_log: boolean;
}
export interface WorkerStats {
  readonly config: Running | null;
  readonly connections_active: number;
  readonly requests: number;
  readonly rss: number;
  readonly heap_used: number;
}
/** One metric family as prom-client's registry.getMetricsAsJSON() gives it. */
export interface MetricJson {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly aggregator: string;
  readonly values: readonly { readonly value: number; readonly labels: Readonly<Record<string, string | number>>; readonly metricName?: string }[];
}

export type PrimaryMessage =
  | { readonly type: 'init'; readonly slot: number; readonly settings: WorkerSettings; readonly config: WireConfig | null }
  | { readonly type: 'apply'; readonly seq: number; readonly config: WireConfig }
  | { readonly type: 'stats'; readonly seq: number }
  | { readonly type: 'metrics'; readonly seq: number }
  | { readonly type: 'drain'; readonly grace_ms: number };

export type WorkerMessage =
  | { readonly type: 'hello'; readonly pid: number; readonly version: string }
  | { readonly type: 'started'; readonly running: Running | null }
  | { readonly type: 'start_failed'; readonly code: string; readonly message: string }
  | { readonly type: 'applied'; readonly seq: number; readonly running: Running }
  | { readonly type: 'apply_failed'; readonly seq: number; readonly hash: string; readonly code: string; readonly message: string }
  | { readonly type: 'stats'; readonly seq: number; readonly stats: WorkerStats }
  | { readonly type: 'metrics'; readonly seq: number; readonly metrics: readonly MetricJson[] };

export type Parsed<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly error: string };

/** Thrown inside the checks below and turned into `{ ok: false }`; never escapes this module. */
class Problem extends Error {}
type Obj = Record<string, unknown>;

function obj(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Problem(`${at}: must be an object`);
  return v as Obj;
}
function int(v: unknown, at: string, min: number, max: number): number {
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) throw new Problem(`${at}: must be a whole number from ${min} to ${max}`);
  return v as number;
}
function num(v: unknown, at: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new Problem(`${at}: must be a number`);
  return v;
}
function str(v: unknown, at: string, pattern?: RegExp, max = MAX_TEXT): string {
  if (typeof v !== 'string' || v.length > max || (pattern && !pattern.test(v))) throw new Problem(`${at}: must be ${pattern ? `a string matching ${pattern.source}` : `a string of at most ${max} characters`}`);
  return v;
}
function oneOf<T extends string>(v: unknown, at: string, values: readonly T[]): T {
  if (!values.includes(v as T)) throw new Problem(`${at}: must be one of ${values.join(', ')}`);
  return v as T;
}
function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') throw new Problem(`${at}: must be true or false`);
  return v;
}
function list(v: unknown, at: string, max: number): unknown[] {
  if (!Array.isArray(v) || v.length > max) throw new Problem(`${at}: must be a list of at most ${max} items`);
  return v;
}

function running(v: unknown, at: string): Running {
  const o = obj(v, at);
  return { version: o['version'] === null ? null : int(o['version'], `${at}.version`, 0, MAX_SEQ), hash: str(o['hash'], `${at}.hash`, HASH) };
}
function meta(v: unknown, at: string): WireMeta {
  const r = running(v, at);
  return { ...r, source: oneOf(obj(v, at)['source'], `${at}.source`, CONFIG_SOURCES) };
}
function wireConfig(v: unknown, at: string): WireConfig {
  const o = obj(v, at);
  return { config: obj(o['config'], `${at}.config`), meta: meta(o['meta'], `${at}.meta`) };
}
function listen(v: unknown, at: string): ListenAddress {
  const o = obj(v, at);
  const address: ListenAddress = { host: str(o['host'], `${at}.host`, /^[^\s]{1,255}$/), port: int(o['port'], `${at}.port`, 0, 65535), ssl: bool(o['ssl'], `${at}.ssl`), http2: bool(o['http2'], `${at}.http2`) };
  return o['backlog'] === undefined ? address : { ...address, backlog: int(o['backlog'], `${at}.backlog`, 1, 1 << 30) };
}
function settings(v: unknown, at: string): WorkerSettings {
  const o = obj(v, at);
  return {
    proxy_listen: list(o['proxy_listen'], `${at}.proxy_listen`, 64).map((a, i) => listen(a, `${at}.proxy_listen[${i}]`)),
    prefix: str(o['prefix'], `${at}.prefix`),
    log_level: oneOf(o['log_level'], `${at}.log_level`, LOG_LEVELS),
    proxy_access_log: bool(o['proxy_access_log'], `${at}.proxy_access_log`),
  };
}
function stats(v: unknown, at: string): WorkerStats {
  const o = obj(v, at);
  const count = (k: string) => int(o[k], `${at}.${k}`, 0, MAX_SEQ);
  return {
    config: o['config'] === null ? null : running(o['config'], `${at}.config`),
    connections_active: count('connections_active'),
    requests: count('requests'),
    rss: count('rss'),
    heap_used: count('heap_used'),
  };
}
function metrics(v: unknown, at: string): MetricJson[] {
  let values = 0;
  return list(v, at, MAX_METRIC_FAMILIES).map((m, i) => {
    const o = obj(m, `${at}[${i}]`);
    const vs = list(o['values'], `${at}[${i}].values`, MAX_METRIC_VALUES);
    values += vs.length;
    if (values > MAX_METRIC_VALUES) throw new Problem(`${at}: more than ${MAX_METRIC_VALUES} values`);
    return {
      name: str(o['name'], `${at}[${i}].name`, /^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/),
      help: str(o['help'], `${at}[${i}].help`),
      type: oneOf(o['type'], `${at}[${i}].type`, METRIC_TYPES),
      aggregator: oneOf(o['aggregator'] ?? 'sum', `${at}[${i}].aggregator`, AGGREGATORS),
      values: vs.map((x, j) => {
        const at2 = `${at}[${i}].values[${j}]`;
        const e = obj(x, at2);
        const labels = obj(e['labels'] ?? {}, `${at2}.labels`);
        for (const [k, l] of Object.entries(labels)) if (typeof l !== 'string' && typeof l !== 'number') throw new Problem(`${at2}.labels.${k}: must be a string or a number`);
        const value = { value: num(e['value'], `${at2}.value`), labels: labels as Record<string, string | number> };
        return e['metricName'] === undefined ? value : { ...value, metricName: str(e['metricName'], `${at2}.metricName`, /^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/) };
      }),
    };
  });
}

function parse<M>(raw: unknown, read: (o: Obj, type: string) => M): Parsed<M> {
  try {
    const o = obj(raw, 'message');
    return { ok: true, message: read(o, str(o['type'], 'type', /^[a-z_]{1,32}$/)) };
  } catch (err) {
    if (err instanceof Problem) return { ok: false, error: err.message };
    throw err;
  }
}

/** A message the worker received from its primary. */
export function parsePrimaryMessage(raw: unknown): Parsed<PrimaryMessage> {
  return parse<PrimaryMessage>(raw, (o, type) => {
    switch (type) {
      case 'init':
        return { type, slot: int(o['slot'], 'slot', 0, 1023), settings: settings(o['settings'], 'settings'), config: o['config'] === null ? null : wireConfig(o['config'], 'config') };
      case 'apply':
        return { type, seq: int(o['seq'], 'seq', 0, MAX_SEQ), config: wireConfig(o['config'], 'config') };
      case 'stats':
      case 'metrics':
        return { type, seq: int(o['seq'], 'seq', 0, MAX_SEQ) };
      case 'drain':
        return { type, grace_ms: int(o['grace_ms'], 'grace_ms', 0, 3_600_000) };
      default:
        throw new Problem(`unknown message type "${type}"`);
    }
  });
}

/** A message the primary received from one of its workers. */
export function parseWorkerMessage(raw: unknown): Parsed<WorkerMessage> {
  return parse<WorkerMessage>(raw, (o, type) => {
    const seq = () => int(o['seq'], 'seq', 0, MAX_SEQ);
    switch (type) {
      case 'hello':
        return { type, pid: int(o['pid'], 'pid', 1, 2 ** 31), version: str(o['version'], 'version', /^[0-9A-Za-z.+-]{1,160}$/) };
      case 'started':
        return { type, running: o['running'] === null ? null : running(o['running'], 'running') };
      case 'start_failed':
        return { type, code: str(o['code'], 'code', CODE), message: str(o['message'], 'message') };
      case 'applied':
        return { type, seq: seq(), running: running(o['running'], 'running') };
      case 'apply_failed':
        return { type, seq: seq(), hash: str(o['hash'], 'hash', HASH), code: str(o['code'], 'code', CODE), message: str(o['message'], 'message') };
      case 'stats':
        return { type, seq: seq(), stats: stats(o['stats'], 'stats') };
      case 'metrics':
        return { type, seq: seq(), metrics: metrics(o['metrics'], 'metrics') };
      default:
        throw new Problem(`unknown message type "${type}"`);
    }
  });
}

/** Error text for the other side, cut to what a message may carry. */
export function wireText(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
export function wireCode(code: string | undefined, fallback: string): string {
  return code !== undefined && CODE.test(code) ? code : fallback;
}
