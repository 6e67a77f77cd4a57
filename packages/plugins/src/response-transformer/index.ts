/**
 * response-transformer (Kong priority 800): changes response headers in header_filter and the
 * top-level properties of a JSON response body in body_filter, in Kong's order (remove, rename,
 * replace, add, append). The engine fixes Content-Length after a body change.
 */
import type { PluginContext } from '@gatehouse/gateway';
import { PROXY_CACHE_HIT } from '../proxy-cache/cache-hit.js';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { bodyKind } from '../shared/request-body.js';
import { firstHeader } from '../shared/headers.js';
import { compileHeaderPlan, transformHeaders } from './header-transform.js';
import { compileJsonPlan, transformJson } from './json-transform.js';
import { ResponseTransformerSchema } from './schema.js';
import type { ResponseTransformerConfig } from './schema.js';

/** JSON as Kong's response-transformer sees it: application/json or application/*+json. */
function isJsonResponse(ctx: PluginContext): boolean {
  return bodyKind(firstHeader(ctx.response?.headers['content-type'])) === 'json';
}

export const responseTransformerPlugin: BundledPlugin = {
  name: 'response-transformer',
  version: '1.0.0',
  priority: 800,
  configSchema: ResponseTransformerSchema,
  summary:
    'Changes the response before it reaches the client: removes, renames, replaces, adds and appends response headers, ' +
    'and removes, replaces, adds and appends top-level properties of a JSON response body.',
  notes: [
    '- Order, as in Kong: remove, rename, replace, add, append. `replace` only changes what exists, `add` only sets what is missing, `append` always adds a value.',
    '- Header names are case-insensitive. An entry with an empty value (`X-Name:`) is skipped by replace, add and append, as in Kong.',
    '- The body is changed only when the response `Content-Type` is JSON (`application/json` or `application/*+json`, any parameters) and a `json` list is set; ' +
      'the whole body is then buffered (up to the engine\'s 16 MiB body_filter limit), `Content-Length` is recomputed, and a body that is not a JSON object ' +
      '(invalid JSON, an array, a scalar, a compressed body) is sent unchanged.',
    '- `json_types` casts values by position: `number` (a value that is not a number is skipped), `boolean` (`true`, anything else is false), `string` (default).',
    '- Gatehouse differs from Kong in a few edge cases: a property holding `false` counts as present for replace and add (Lua treats it as missing); ' +
      '`name:` (empty value) sets an empty string where Kong sets the string `"null"`; appending to a number, boolean, null or object keeps the old value (`[old, value]`) where Kong drops it; ' +
      'values are not re-escaped (Kong doubles backslashes); renaming a header to its own name is a no-op (Kong removes it). Kong\'s newer `rename.json` is not supported.',
    '- Exits of other plugins (a 401 from an auth plugin, ...) are transformed too, as in Kong.',
    '- A response served by `proxy-cache` from its cache was stored after this plugin changed it, so it is not changed a second time.',
  ].join('\n'),
  build({ instance }) {
    const config = instance.config as unknown as ResponseTransformerConfig;
    const headers = compileHeaderPlan(config);
    const json = compileJsonPlan(config);
    const servedFromCache = (ctx: PluginContext): boolean => ctx.shared.has(PROXY_CACHE_HIT);
    return {
      header_filter(ctx) {
        const response = ctx.response;
        if (!response || servedFromCache(ctx)) return;
        if (!headers.empty) transformHeaders(headers, response.headers);
        // The body will change length (Kong clears it too); the engine sets the new one.
        if (!json.empty && isJsonResponse(ctx)) delete response.headers['content-length'];
      },
      wantsBody(ctx) {
        return !json.empty && !servedFromCache(ctx) && isJsonResponse(ctx);
      },
      body_filter(_ctx, body) {
        return transformJson(json, body);
      },
    };
  },
};
