/**
 * Where key-auth finds the key, in Kong's order: for each key name, the header, then the query
 * string, then the body. The first name with a value decides: a single value is the key (an
 * empty one means "no key"), several values are refused as a duplicate key.
 */
import type { PluginContext } from '@gatehouse/gateway';
import { bodyKind, parseBody, serialiseBody } from '../shared/request-body.js';
import type { ParsedBody } from '../shared/request-body.js';

export interface KeySources {
  /** Names as configured (query and body lookups) with their lower-cased header form. */
  readonly names: readonly { readonly name: string; readonly header: string }[];
  readonly inHeader: boolean;
  readonly inQuery: boolean;
  readonly inBody: boolean;
}

export type FoundKey = { kind: 'key'; key: string; name: string; header: string } | { kind: 'duplicate' } | { kind: 'none' };

/** The body as Kong's get_body sees it; null when absent, too large, of another type, or unparsable. */
export async function readParsedBody(ctx: PluginContext): Promise<ParsedBody | null> {
  const kind = bodyKind(ctx.request.headers['content-type']);
  if (kind === null) return null;
  const raw = await ctx.request.readBody();
  return raw === null ? null : parseBody(kind, raw);
}

type Lookup = { value: string } | 'duplicate' | undefined;

function fromBody(body: ParsedBody | null, name: string): Lookup {
  if (!body) return undefined;
  if (body.form) {
    const values = body.form.getAll(name);
    if (values.length === 0) return undefined;
    return values.length > 1 ? 'duplicate' : { value: values[0]! };
  }
  const value = body.json?.[name];
  if (typeof value === 'string') return { value };
  // Kong: a table (array or object) is a duplicate key; numbers, booleans and null are ignored.
  return value !== null && typeof value === 'object' ? 'duplicate' : undefined;
}

/** Finds the key; reads the body only when `inBody` is on and no header or query value decided. */
export async function findKey(ctx: PluginContext, sources: KeySources, body: { parsed?: ParsedBody | null }): Promise<FoundKey> {
  for (const { name, header } of sources.names) {
    let found: Lookup;
    if (sources.inHeader) {
      const value = ctx.request.headers[header];
      if (value !== undefined) found = Array.isArray(value) ? (value.length === 1 ? { value: value[0]! } : 'duplicate') : { value };
    }
    if (found === undefined && sources.inQuery) {
      const values = ctx.request.query.getAll(name);
      if (values.length > 0) found = values.length > 1 ? 'duplicate' : { value: values[0]! };
    }
    if (found === undefined && sources.inBody) {
      if (body.parsed === undefined) body.parsed = await readParsedBody(ctx);
      found = fromBody(body.parsed, name);
    }
    if (found === 'duplicate') return { kind: 'duplicate' };
    if (found !== undefined) return found.value === '' ? { kind: 'none' } : { kind: 'key', key: found.value, name, header };
  }
  return { kind: 'none' };
}

/** hide_credentials: removes the key's name from the upstream headers, query and (with key_in_body) body. */
export async function hideKey(ctx: PluginContext, sources: KeySources, found: { name: string; header: string }, body: { parsed?: ParsedBody | null }): Promise<void> {
  const { name, header } = found;
  ctx.upstream.removeHeader(header);
  if (ctx.request.query.has(name)) {
    const query = new URLSearchParams(ctx.request.query);
    query.delete(name);
    ctx.upstream.setQuery(query);
  }
  if (!sources.inBody) return;
  if (body.parsed === undefined) body.parsed = await readParsedBody(ctx);
  const parsed = body.parsed;
  if (parsed?.form?.has(name)) {
    const form = new URLSearchParams(parsed.form);
    form.delete(name);
    ctx.upstream.setBody(serialiseBody({ kind: 'form', form }));
  } else if (parsed?.json && Object.hasOwn(parsed.json, name)) {
    const { [name]: _removed, ...rest } = parsed.json;
    ctx.upstream.setBody(serialiseBody({ kind: 'json', json: rest }));
  }
}
