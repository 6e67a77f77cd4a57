/**
 * key-auth (Kong priority 1250): authenticates a consumer by an API key sent in a header, the
 * query string or the body, looked up in the snapshot's key-auth credentials (O(1)).
 */
import type { PluginExit } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import type { ParsedBody } from '../shared/request-body.js';
import { alreadyAuthenticated, anonymousFallback, setConsumer } from '../shared/consumer-identity.js';
import { findKey, hideKey } from './find-key.js';
import type { KeySources } from './find-key.js';
import { KeyAuthSchema } from './schema.js';
import type { KeyAuthConfig } from './schema.js';

export const NO_KEY = 'No API key found in request';
export const DUPLICATE_KEY = 'Duplicate API key found';
export const INVALID_CREDENTIALS = 'Invalid authentication credentials';

export const keyAuthPlugin: BundledPlugin = {
  name: 'key-auth',
  version: '1.0.0',
  priority: 1250,
  noConsumer: true,
  configSchema: KeyAuthSchema,
  summary:
    'Authenticates consumers by an API key (a key-auth credential, `keyauth_credentials` under a consumer) sent in a header, ' +
    'the query string or the request body. The upstream learns who called through the `X-Consumer-*` headers.',
  notes: [
    '- No key: `401 {"message":"No API key found in request"}`; an unknown key: `401 {"message":"Invalid authentication credentials"}`; ' +
      'a key name given twice (repeated query parameter, form field or JSON array): `401 {"message":"Duplicate API key found"}`. ' +
      'Every 401 carries `WWW-Authenticate: Key realm="<realm>"` (Kong sends `realm="kong"`; Gatehouse `realm="gatehouse"` unless `realm` is set).',
    '- On success the upstream gets `X-Consumer-ID`, `X-Consumer-Username` and `X-Consumer-Custom-ID` (when set) and `X-Credential-Identifier` ' +
      '(the credential id); client-sent copies of these headers, and of `X-Anonymous-Consumer`, are removed.',
    '- With `anonymous`, a failed authentication proceeds as that consumer with `X-Anonymous-Consumer: true`; if it names no consumer the ' +
      'answer is `500 {"message":"An unexpected error occurred"}`. An instance with `anonymous` does nothing when an earlier auth plugin ' +
      'already authenticated the request (Kong\'s way of combining auth plugins with a logical OR).',
    '- An empty key is treated as no key. A header sent twice is joined by Node.js with `, ` and so looks like one (invalid) key.',
    '- `key_in_body` reads JSON objects and url-encoded forms; unlike Kong, multipart bodies are not parsed (no key is found in them). ' +
      'A body over 8 MiB is not searched.',
    '- `key_names` must list at least one name (Kong accepts an empty list, which refuses every request).',
    '- A credential\'s `ttl` is accepted but not enforced: Kong counts it from the credential\'s creation in its database, ' +
      'which a declarative config does not record.',
    '- As in Kong, it cannot be attached to a consumer: a config that does is refused (`GW_ERR_CONFIG_PLUGIN_SCOPE`).',
  ].join('\n'),
  build({ instance, consumers }) {
    const config = instance.config as unknown as KeyAuthConfig;
    const sources: KeySources = {
      names: config.key_names.map((name) => ({ name, header: name.toLowerCase() })),
      inHeader: config.key_in_header,
      inQuery: config.key_in_query,
      inBody: config.key_in_body,
    };
    const challenge = { 'www-authenticate': `Key realm="${config.realm ?? 'gatehouse'}"` };
    const unauthorized = (message: string): PluginExit => ({ status: 401, body: { message }, headers: challenge });
    const noKey = unauthorized(NO_KEY);
    const duplicateKey = unauthorized(DUPLICATE_KEY);
    const invalidKey = unauthorized(INVALID_CREDENTIALS);
    const anonymous = anonymousFallback(consumers, config.anonymous);
    return {
      async access(ctx) {
        if (!config.run_on_preflight && ctx.request.method === 'OPTIONS') return undefined;
        if (anonymous && alreadyAuthenticated(ctx)) return undefined;
        const body: { parsed?: ParsedBody | null } = {};
        const found = await findKey(ctx, sources, body);
        let failure: PluginExit;
        if (found.kind === 'key') {
          // As in Kong, the key is hidden once found, valid or not (it matters with `anonymous`).
          if (config.hide_credentials) await hideKey(ctx, sources, found, body);
          const match = consumers.keyauth(found.key);
          if (match) {
            setConsumer(ctx, match.consumer, { id: match.credential.id, identifier: match.credential.id });
            return undefined;
          }
          failure = invalidKey;
        } else {
          failure = found.kind === 'duplicate' ? duplicateKey : noKey;
        }
        return anonymous ? anonymous.apply(ctx) : failure;
      },
    };
  },
};
