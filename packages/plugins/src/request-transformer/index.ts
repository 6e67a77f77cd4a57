/**
 * request-transformer (Kong's plugin, priority 801): rewrites the upstream request's path,
 * method, headers, body and query string, in Kong's order, each with remove, rename, replace,
 * add, append.
 */
import type { PluginContext } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { bodyKind } from '../shared/request-body.js';
import { transformBody } from './body-transform.js';
import { checkEntries, operationsFor } from './entries.js';
import { transformHeaders } from './header-transform.js';
import { toMultiMap, transformQuery } from './query-transform.js';
import type { MultiMap } from './query-transform.js';
import { RequestTransformerConfigSchema } from './schema.js';
import type { RequestTransformerConfig } from './schema.js';

/** Methods that carry no body upstream: Kong moves a form body's fields into the query string. */
const QUERY_METHODS = new Set(['GET', 'HEAD', 'TRACE']);

export const requestTransformerPlugin: BundledPlugin = {
  name: 'request-transformer',
  version: '1.0.0',
  priority: 801,
  configSchema: RequestTransformerConfigSchema,
  check: (config) => checkEntries(config as RequestTransformerConfig),
  summary:
    'Rewrites the request before it is proxied: the path (`replace.uri`), the method (`http_method`), and headers, query string parameters and body fields (JSON objects and url-encoded forms), each with remove, rename, replace, add and append.',
  notes: [
    '- Order, as in Kong: the path, the method, then headers, the body and the query string; within each, remove, rename, replace, add, append. So a header removed and added in the same config ends up with the added value, and `replace` does not see what `add` adds.',
    '- Entries are Kong\'s strings: `name` for remove, `old:new` for rename, `name:value` for replace, add and append (the value is everything after the first colon, so `time:12:30` sets `12:30`). An entry missing its colon, or with a header name outside letters, digits, `-` and `_`, is refused when the config loads, with the entry quoted. An entry with an empty value (`name:`) changes nothing.',
    '- `replace` changes only what the request has, `add` only what it lacks, `append` adds a value: a header is then sent once per value, a query parameter repeated, a JSON field becomes an array (`"a"` → `["a","new"]`; a number or boolean is replaced by `["new"]` as in Kong, and so is an object). Values are always strings, as in Kong\'s request-transformer (its `json_types` belongs to response-transformer and the Enterprise plugin).',
    '- Bodies are transformed when `Content-Type` is `application/json` (or `application/*+json`) holding a JSON object, or `application/x-www-form-urlencoded`. On an empty body, add and append build a new one. A body that does not parse, a JSON array, or a body over 8 MiB is sent unchanged. `Content-Length` follows the new body.',
    '- `http_method` set to `GET`, `HEAD` or `TRACE` also copies the fields of a url-encoded body into the query string (the body is still sent), as Kong does.',
    '- `replace.uri` replaces the whole upstream path (service path and route stripping included); the query string is kept.',
    '- Headers are read from the client\'s request, as sent: headers another plugin set or removed earlier in the same request are not seen. `X-Forwarded-*` are set by the gateway after the plugins and cannot be changed (as with nginx in Kong). Replacing (or adding) `Host` sets the upstream Host, over `preserve_host`, as in Kong.',
    '- Not supported: Kong\'s templates (`$(headers.x)`, `$(query_params.x)`, `$(uri_captures.x)`): a value containing `$(...)` is refused when the config loads rather than sent literally; multipart bodies (sent unchanged).',
  ].join('\n'),
  build({ instance }) {
    const config = instance.config as RequestTransformerConfig;
    const headerOps = operationsFor(config, 'headers', true);
    const queryOps = operationsFor(config, 'querystring', false);
    const bodyOps = operationsFor(config, 'body', false);
    const uri = config.replace.uri;
    const method = config.http_method;
    const moveFormToQuery = method !== null && QUERY_METHODS.has(method);

    const withBody = async (ctx: PluginContext, kind: ReturnType<typeof bodyKind>, mergeForm: boolean): Promise<undefined> => {
      const raw = await ctx.request.readBody();
      let fromBody: MultiMap | null = null;
      if (raw !== null) {
        if (mergeForm) {
          const form = toMultiMap(new URLSearchParams(raw.toString('utf8')));
          if (form.size > 0) fromBody = form;
        }
        const body = kind !== null && bodyOps.any ? transformBody(bodyOps, kind, raw) : null;
        if (body !== null) ctx.upstream.setBody(body);
      }
      transformQuery(queryOps, ctx, fromBody);
      return undefined;
    };

    return {
      access(ctx) {
        if (uri !== null) ctx.upstream.setPath(uri);
        if (method !== null) ctx.upstream.setMethod(method);
        if (headerOps.any) transformHeaders(headerOps, ctx);
        const kind = bodyOps.any || moveFormToQuery ? bodyKind(ctx.request.headers['content-type']) : null;
        const mergeForm = moveFormToQuery && kind === 'form';
        if ((kind !== null && bodyOps.any) || mergeForm) return withBody(ctx, kind, mergeForm);
        transformQuery(queryOps, ctx, null);
        return undefined;
      },
    };
  },
};
