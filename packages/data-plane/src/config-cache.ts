/**
 * A data plane's local copy of the last config it applied, under `<prefix>/dp/`. Written
 * durably after every apply, read at start before anything else. A cache that is unreadable,
 * malformed or fails its hash is moved aside (kept for inspection) and the node carries on as
 * if it had none: a corrupt cache never blocks a new node.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { configHash, writeFileDurably } from '@gatehouse/config';

export const CACHE_FORMAT = 'gatehouse.dp-config-cache.v1';
const FILE = 'config-cache.json';

/** Where a cached config originally came from. */
export type CachedSource = 'control_plane' | 'fallback_storage' | 'declarative_config';

export interface CacheEntry {
  readonly version: number | null;
  readonly hash: string;
  readonly source: CachedSource;
  readonly saved_at: string;
  /** The normalised config as plain data; the caller validates it again before use. */
  readonly config: unknown;
}

export type CacheLoad =
  | { readonly ok: true; readonly entry: CacheEntry }
  | { readonly ok: false; readonly reason: 'missing' }
  | { readonly ok: false; readonly reason: 'corrupt'; readonly detail: string; readonly movedTo: string | null };

function isEntry(v: unknown): v is CacheEntry & { format: string } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    o['format'] === CACHE_FORMAT &&
    typeof o['hash'] === 'string' &&
    (o['version'] === null || Number.isInteger(o['version'])) &&
    typeof o['source'] === 'string' &&
    typeof o['saved_at'] === 'string' &&
    typeof o['config'] === 'object' &&
    o['config'] !== null
  );
}

export class ConfigCache {
  readonly dir: string;
  readonly path: string;

  constructor(prefix: string) {
    this.dir = join(prefix, 'dp');
    this.path = join(this.dir, FILE);
  }

  async load(): Promise<CacheLoad> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'missing' };
      return this.#setAside(`unreadable: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return this.#setAside(`not JSON: ${(err as Error).message}`);
    }
    if (!isEntry(parsed)) return this.#setAside(`not a ${CACHE_FORMAT} file`);
    if (configHash(parsed.config) !== parsed.hash) return this.#setAside('its config does not match its hash (torn or edited)');
    const { version, hash, source, saved_at, config } = parsed;
    return { ok: true, entry: { version, hash, source, saved_at, config } };
  }

  async save(entry: Omit<CacheEntry, 'saved_at'>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const record = { format: CACHE_FORMAT, ...entry, saved_at: new Date().toISOString() };
    await writeFileDurably(this.path, JSON.stringify(record), 0o600);
  }

  async #setAside(detail: string): Promise<CacheLoad> {
    const movedTo = `${this.path}.corrupt-${Date.now()}`;
    try {
      await rename(this.path, movedTo);
      return { ok: false, reason: 'corrupt', detail, movedTo };
    } catch {
      return { ok: false, reason: 'corrupt', detail, movedTo: null };
    }
  }
}
