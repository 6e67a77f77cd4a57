/**
 * basic-auth (Kong priority 1100): authenticates a consumer by the username and password of a
 * basic-auth credential, sent in `Proxy-Authorization` or `Authorization`.
 */
import type { PluginContext, PluginExit } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { firstHeader } from '../shared/headers.js';
import { alreadyAuthenticated, anonymousFallback, setConsumer } from '../shared/consumer-identity.js';
import { PasswordChecker, parseBasic } from './credentials.js';
import { BasicAuthSchema } from './schema.js';
import type { BasicAuthConfig } from './schema.js';

export const UNAUTHORIZED = 'Unauthorized';
export const INVALID_CREDENTIALS = 'Invalid authentication credentials';

const HEADERS = ['proxy-authorization', 'authorization'] as const;

export const basicAuthPlugin: BundledPlugin = {
  name: 'basic-auth',
  version: '1.0.0',
  priority: 1100,
  noConsumer: true,
  configSchema: BasicAuthSchema,
  summary:
    'Authenticates consumers by username and password (a basic-auth credential, `basicauth_credentials` under a consumer) sent as ' +
    '`Authorization: Basic <base64(username:password)>` or in `Proxy-Authorization`. The upstream learns who called through the `X-Consumer-*` headers.',
  notes: [
    '- No `Authorization` nor `Proxy-Authorization` header: `401 {"message":"Unauthorized"}`; a malformed header, an unknown username or a wrong ' +
      'password: `401 {"message":"Invalid authentication credentials"}`. Both carry `WWW-Authenticate: Basic realm="<realm>"` (`service` by default).',
    '- `Proxy-Authorization` is tried first; when it does not name a known username, `Authorization` is used.',
    '- On success the upstream gets `X-Consumer-ID`, `X-Consumer-Username` and `X-Consumer-Custom-ID` (when set) and `X-Credential-Identifier` ' +
      '(the credential\'s username); client-sent copies of these headers, and of `X-Anonymous-Consumer`, are removed.',
    '- Passwords in a declarative config are plain text (Kong stores salted SHA-1 digests in its database and hashes plaintext on import); ' +
      'they are compared in constant time.',
    '- With `anonymous`, a failed authentication proceeds as that consumer with `X-Anonymous-Consumer: true`; if it names no consumer the ' +
      'answer is `500 {"message":"An unexpected error occurred"}`. An instance with `anonymous` does nothing when an earlier auth plugin ' +
      'already authenticated the request.',
    '- As in Kong, it cannot be attached to a consumer: a config that does is refused (`GW_ERR_CONFIG_PLUGIN_SCOPE`).',
  ].join('\n'),
  build({ instance, consumers }) {
    const config = instance.config as unknown as BasicAuthConfig;
    const challenge = { 'www-authenticate': `Basic realm="${config.realm}"` };
    const missing: PluginExit = { status: 401, body: { message: UNAUTHORIZED }, headers: challenge };
    const invalid: PluginExit = { status: 401, body: { message: INVALID_CREDENTIALS }, headers: challenge };
    const passwords = new PasswordChecker();
    const anonymous = anonymousFallback(consumers, config.anonymous);

    /** Kong's order: Proxy-Authorization, then Authorization; each header read is hidden if asked. */
    const authenticate = (ctx: PluginContext): PluginExit | undefined => {
      const values = HEADERS.map((name) => firstHeader(ctx.request.headers[name]));
      if (values.every((v) => v === undefined)) return missing;
      for (let i = 0; i < HEADERS.length; i++) {
        if (config.hide_credentials) ctx.upstream.removeHeader(HEADERS[i]!);
        const given = parseBasic(values[i]);
        const match = given ? consumers.basicauth(given.username) : undefined;
        if (!given || !match) continue;
        if (!passwords.matches(match.credential, given.password)) return invalid;
        setConsumer(ctx, match.consumer, { id: match.credential.id, identifier: match.credential.username });
        return undefined;
      }
      return invalid;
    };

    return {
      access(ctx) {
        if (anonymous && alreadyAuthenticated(ctx)) return undefined;
        const failure = authenticate(ctx);
        if (!failure) return undefined;
        return anonymous ? anonymous.apply(ctx) : failure;
      },
    };
  },
};
