/**
 * cors (Kong's cors plugin, priority 2000): answers CORS preflights itself and adds the CORS
 * response headers to every other response.
 */
import type { PluginContext } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { firstHeader } from '../shared/headers.js';
import { compileOriginPolicy, isRegexEntry, resolveOrigin } from './origin-policy.js';
import type { OriginPolicy } from './origin-policy.js';
import { CorsConfigSchema } from './schema.js';
import type { CorsConfig } from './schema.js';

type Headers = Record<string, string | string[] | number | undefined>;


function addVary(headers: Headers): void {
  const existing = headers['vary'];
  if (existing === undefined) headers['vary'] = 'Origin';
  else headers['vary'] = [...(Array.isArray(existing) ? existing : [String(existing)]), 'Origin'];
}

/** Sets Allow-Origin, Vary and Allow-Credentials on `headers` (Kong's configure_origin + configure_credentials). */
function applyOrigin(policy: OriginPolicy, credentials: boolean, headers: Headers, requestOrigin: string | undefined, appendVary: boolean): void {
  const vary = appendVary ? addVary : (h: Headers) => void (h['vary'] = 'Origin');
  if (policy.kind !== 'all') vary(headers);
  const { allowOrigin, allowAll } = resolveOrigin(policy, requestOrigin);
  if (allowOrigin === null) delete headers['access-control-allow-origin'];
  else headers['access-control-allow-origin'] = allowOrigin;
  if (!credentials) return;
  if (!allowAll) {
    headers['access-control-allow-credentials'] = 'true';
    return;
  }
  // Browsers refuse credentials with `*`: echo the caller's origin instead.
  if (requestOrigin !== undefined) {
    vary(headers);
    headers['access-control-allow-origin'] = requestOrigin;
    headers['access-control-allow-credentials'] = 'true';
  }
}

function check(config: Record<string, unknown>): { path: (string | number)[]; message: string }[] {
  const origins = (config as CorsConfig).origins ?? [];
  const errors: { path: (string | number)[]; message: string }[] = [];
  origins.forEach((entry, i) => {
    if (entry === '*' || !isRegexEntry(entry)) return;
    try {
      new RegExp(entry);
    } catch (err) {
      errors.push({ path: ['origins', i], message: `"${entry}" is not a valid regex (${(err as Error).message}); use "*", an exact origin such as "https://app.example.com", or a valid regular expression` });
    }
  });
  return errors;
}

export const corsPlugin: BundledPlugin = {
  name: 'cors',
  version: '1.0.0',
  priority: 2000,
  noConsumer: true,
  configSchema: CorsConfigSchema,
  check,
  summary:
    'Cross-Origin Resource Sharing: answers browser preflight requests (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) with `200` and the allowed origin, methods and headers, and adds `Access-Control-Allow-Origin` (and `Vary`, `Access-Control-Expose-Headers`, `Access-Control-Allow-Credentials`) to every other response.',
  notes: [
    '- A preflight is answered `200` with an empty body: `Access-Control-Allow-Origin`, `Access-Control-Allow-Methods` (the `methods`, comma-separated), `Access-Control-Allow-Headers` (`headers`, or the `Access-Control-Request-Headers` the browser sent), `Access-Control-Max-Age` (when `max_age` is set), `Access-Control-Allow-Credentials: true` (when `credentials`) and `Access-Control-Allow-Private-Network: true` (when `private_network` and the browser asked). It runs before authentication (priority 2000), so preflights need no credentials. With `preflight_continue` the preflight goes to the upstream and its answer is passed on untouched.',
    '- Origins are matched as Kong does: with a single plain origin configured, `Access-Control-Allow-Origin` is that origin whatever the request sent (browsers then enforce it). With several entries, or a regex, the request\'s `Origin` is compared: exact entries after normalisation (`scheme://host[:port]`, default ports dropped), regex entries anchored to the whole origin (to the host alone when the entry has no `:`); the matching origin is echoed, and no `Access-Control-Allow-Origin` is sent when nothing matches (one from the upstream is removed). A `*` entry in a list allows every origin.',
    '- `Vary: Origin` is added (to the upstream\'s `Vary`) whenever the answer depends on the origin, i.e. unless origins is `*`.',
    '- `credentials: true` with origins `*` echoes the request\'s origin (and adds `Vary: Origin`) instead of `*`, which browsers refuse with credentials. As in Kong, `Access-Control-Allow-Credentials: true` is also sent when the origin did not match.',
    '- Regexes are JavaScript regular expressions (Kong uses PCRE); the common syntax is the same. An entry that does not compile is refused when the config loads.',
    '- Differences from Kong: none known in the preflight and response headers. As in Kong, cors cannot be attached to a consumer (`GW_ERR_CONFIG_PLUGIN_SCOPE`).',
  ].join('\n'),
  build({ instance }) {
    const config = instance.config as CorsConfig;
    const policy = compileOriginPolicy(config.origins);
    const allowMethods = config.methods.join(',');
    const allowHeaders = config.headers && config.headers.length > 0 ? config.headers.join(',') : null;
    const exposeHeaders = config.exposed_headers && config.exposed_headers.length > 0 ? config.exposed_headers.join(',') : null;
    const maxAge = config.max_age === null ? null : String(config.max_age);
    // Preflights seen by this instance: header_filter adds nothing to them (Kong's skip_response_headers).
    const preflights = new WeakSet<PluginContext>();
    return {
      access(ctx: PluginContext) {
        const reqHeaders = ctx.request.headers;
        const origin = firstHeader(reqHeaders['origin']);
        if (ctx.request.method !== 'OPTIONS' || origin === undefined || reqHeaders['access-control-request-method'] === undefined) return undefined;
        preflights.add(ctx);
        if (config.preflight_continue) return undefined;
        const headers: Headers = {};
        applyOrigin(policy, config.credentials, headers, origin, false);
        const requested = firstHeader(reqHeaders['access-control-request-headers']);
        if (allowHeaders !== null) headers['access-control-allow-headers'] = allowHeaders;
        else if (requested !== undefined) headers['access-control-allow-headers'] = requested;
        headers['access-control-allow-methods'] = allowMethods;
        if (maxAge !== null) headers['access-control-max-age'] = maxAge;
        if (config.private_network && firstHeader(reqHeaders['access-control-request-private-network']) === 'true') {
          headers['access-control-allow-private-network'] = 'true';
        }
        return { status: 200, headers: headers as Record<string, string | string[]> };
      },
      header_filter(ctx: PluginContext) {
        if (preflights.has(ctx) || !ctx.response) return;
        const origin = firstHeader(ctx.request.headers['origin']);
        if (origin === undefined && !config.allow_origin_absent) return;
        applyOrigin(policy, config.credentials, ctx.response.headers, origin, true);
        if (exposeHeaders !== null) ctx.response.headers['access-control-expose-headers'] = exposeHeaders;
      },
    };
  },
};
