// Kong's list pages: `{ data, offset?, next }` ordered by id, `size` from 1 to 1000 (default
// 100), an opaque `offset` token for the next page, and the `tags` filter (`a,b` = all of them,
// `a/b` = any of them). The offset names the id the next page starts at, so a page stays
// correct when entities are added or removed between requests.

import type { Entity } from '../config-service.js';
import { invalidOffset, invalidSize } from './admin-errors.js';
import { UUID_RE } from './entity-changes.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export type Query = Readonly<Record<string, string>>;

export interface Page {
  readonly data: readonly Entity[];
  readonly offset?: string;
  readonly next: string | null;
}

function pageSize(query: Query): number {
  const text = query['size'];
  if (text === undefined) return DEFAULT_PAGE_SIZE;
  const size = Number(text);
  if (text.trim() === '' || Number.isNaN(size)) throw invalidSize('size must be a number');
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw invalidSize(`size must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

const encodeOffset = (id: string): string => Buffer.from(JSON.stringify([id]), 'utf8').toString('base64url');

function decodeOffset(token: string): string {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(token)) throw invalidOffset(token, 'bad base64 encoding');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidOffset(token, 'bad base64 encoding');
  }
  const id = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : undefined;
  if (typeof id !== 'string' || !UUID_RE.test(id)) throw invalidOffset(token, 'not an offset of this list');
  return id;
}

/** Kong's tags filter, or undefined when the query has none. */
function tagsFilter(query: Query): ((e: Entity) => boolean) | undefined {
  const text = query['tags'];
  if (text === undefined) return undefined;
  const any = text.includes('/');
  const wanted = text.split(any ? '/' : ',').filter((t) => t !== '');
  return (e) => {
    const tags = Array.isArray(e['tags']) ? (e['tags'] as unknown[]) : [];
    return any ? wanted.some((t) => tags.includes(t)) : wanted.every((t) => tags.includes(t));
  };
}

/** One page of `items` (sorted by id) for a request to `path` with `query`. */
export function listPage(items: readonly Entity[], path: string, query: Query, extra?: (e: Entity) => boolean): Page {
  const size = pageSize(query);
  const after = query['offset'] === undefined ? undefined : decodeOffset(query['offset']);
  const tags = tagsFilter(query);
  const filtered = items.filter((e) => (after === undefined || e.id >= after) && (!tags || tags(e)) && (!extra || extra(e)));
  const data = filtered.slice(0, size);
  const following = filtered[size];
  if (following === undefined) return { data, next: null };
  const offset = encodeOffset(following.id);
  const params = new URLSearchParams({ offset });
  if (query['size'] !== undefined) params.set('size', query['size']);
  if (query['tags'] !== undefined) params.set('tags', query['tags']);
  return { data, offset, next: `${path}?${params.toString()}` };
}
