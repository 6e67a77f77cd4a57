/**
 * jwt: authenticates requests carrying an HS256/384/512, RS256 or ES256 signed JSON Web Token
 * whose key claim (`iss` by default) names a consumer's jwt_secret, as Kong's jwt plugin.
 */
import type { Consumer } from '@gatehouse/config';
import type { PluginContext, PluginExit } from '@gatehouse/gateway';
import { compactVerify } from 'jose';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { UNEXPECTED_ERROR, alreadyAuthenticated, setConsumer } from '../shared/consumer-identity.js';
import { decodeJwt, exceedsMaximumExpiration, verifyClaims } from './jwt-token.js';
import { KeyCache } from './key-cache.js';
import { checkJwtConfig, jwtConfigSchema } from './schema.js';
import type { JwtConfig } from './schema.js';
import { findTokens } from './token-source.js';


/** Kong reads the key claim with Lua's `or`: only a missing value (or false) falls through. */
const present = (value: unknown) => value !== undefined && value !== null && value !== false;

const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

export const jwtPlugin: BundledPlugin = {
  name: 'jwt',
  version: '1.0.0',
  priority: 1450,
  noConsumer: true,
  configSchema: jwtConfigSchema,
  check: checkJwtConfig,
  summary:
    'Verifies a JSON Web Token (HS256, HS384, HS512, RS256 or ES256) sent in a query parameter, a cookie or an ' +
    '`Authorization: Bearer` header. The claim named by `key_claim_name` (`iss` by default) picks the consumer\'s ' +
    'jwt_secret whose `secret` or `rsa_public_key` must verify the signature; the request then goes upstream as that consumer.',
  notes: [
    '- Tokens are looked for in the query parameters, then cookies, then headers. No token: `401 {"message":"Unauthorized"}` with `WWW-Authenticate: Bearer`; several different tokens: `401 {"message":"Multiple tokens provided"}`.',
    '- Other refusals are 401 with `WWW-Authenticate: Bearer error="invalid_token"` (a `realm` is added when configured): `Bad token; invalid JSON` (not three base64url parts of JSON), `Bad token; invalid alg`, `Bad token; invalid claims`, `Bad token; invalid signature` (the signature part does not decode), `No mandatory \'iss\' in claims`, `Invalid \'iss\' in claims` (empty), `No credentials found for given \'iss\'`, `Invalid algorithm` (the token\'s `alg` differs from the jwt_secret\'s), `Invalid key/secret` (the jwt_secret has no secret or key), `Invalid signature`.',
    '- Claim checks answer 401 with the failing claims as the body, e.g. `{"exp":"token expired"}`, `{"nbf":"token not valid yet"}`, `{"exp":"must be a number"}`; `maximum_expiration` answers `{"exp":"exceeds maximum allowed expiration"}`.',
    '- On success the upstream receives `X-Consumer-ID`, `X-Consumer-Username`, `X-Consumer-Custom-ID` (each removed when unset) and `X-Credential-Identifier` (the jwt_secret `key`). With `anonymous`, a failed authentication goes on as that consumer with `X-Anonymous-Consumer: true`; an `anonymous` consumer that does not exist answers 500.',
    '- ES256 public keys go in `rsa_public_key` too, as in Kong. Keys are imported once per config snapshot, on first use. The config refuses jwt_secrets without a `secret` (HS*) or with an `rsa_public_key` that does not parse (RS256, ES256), so Gatehouse never generates secrets.',
    '- Differs from Kong: `secret_is_base64` applies to HMAC secrets only (Kong also tried to base64-decode public keys, which always failed).',
  ].join('\n'),
  build({ instance, consumers }) {
    const config = instance.config as JwtConfig;
    const sources = {
      uriParamNames: config.uri_param_names,
      cookieNames: config.cookie_names.map((n) => n.toLowerCase()),
      headerNames: config.header_names.map((n) => n.toLowerCase()),
    };
    const claimName = config.key_claim_name;
    const claimsToVerify = config.claims_to_verify ?? [];
    const maxExpiration = config.maximum_expiration;
    const keys = new KeyCache(config.secret_is_base64);
    const challenge = config.realm === null ? 'Bearer' : `Bearer realm=${quoted(config.realm)}`;
    const invalidToken = config.realm === null ? 'Bearer error="invalid_token"' : `${challenge}, error="invalid_token"`;
    // undefined: no anonymous configured; null: configured but no such consumer in this snapshot.
    const anonymous: Consumer | null | undefined = config.anonymous === null ? undefined : (consumers.byIdOrUsername(config.anonymous) ?? null);

    const refuse = (body: unknown, wwwAuthenticate = invalidToken): PluginExit => ({ status: 401, body, headers: { 'www-authenticate': wwwAuthenticate } });
    const message = (text: string) => refuse({ message: text });

    /** Authenticates the request; returns the refusal, or undefined when the token is good. */
    async function authenticate(ctx: PluginContext): Promise<PluginExit | undefined> {
      const tokens = findTokens(ctx.request, sources);
      if (tokens.size === 0) return refuse({ message: 'Unauthorized' }, challenge);
      if (tokens.size > 1) return message('Multiple tokens provided');
      const token = tokens.values().next().value as string;
      const decoded = decodeJwt(token);
      if (!decoded.ok) return message(`Bad token; ${decoded.reason}`);
      const { header, claims } = decoded.jwt;
      const keyValue = present(claims[claimName]) ? claims[claimName] : header[claimName];
      if (!present(keyValue)) return message(`No mandatory '${claimName}' in claims`);
      if (keyValue === '' || (typeof keyValue !== 'string' && typeof keyValue !== 'number')) return message(`Invalid '${claimName}' in claims`);
      const found = consumers.jwtSecret(String(keyValue));
      if (!found) return message(`No credentials found for given '${claimName}'`);
      const { credential, consumer } = found;
      if (header.alg !== credential.algorithm) return message('Invalid algorithm');
      const key = await keys.keyFor(credential);
      if (!key) return message('Invalid key/secret');
      try {
        await compactVerify(token, key, { algorithms: [credential.algorithm] });
      } catch {
        return message('Invalid signature');
      }
      const now = Math.floor(Date.now() / 1000);
      const claimErrors = verifyClaims(claims, claimsToVerify, now);
      if (claimErrors) return refuse(claimErrors);
      if (maxExpiration > 0 && exceedsMaximumExpiration(claims, maxExpiration, now)) return refuse({ exp: 'exceeds maximum allowed expiration' });
      setConsumer(ctx, consumer, { id: credential.id, identifier: credential.key });
      ctx.shared.set('authenticated_jwt_token', token);
      return undefined;
    }

    return {
      async access(ctx) {
        if (!config.run_on_preflight && ctx.request.method === 'OPTIONS') return undefined;
        if (anonymous === undefined) return authenticate(ctx);
        // Logical OR with other auth plugins: someone already authenticated for real.
        if (alreadyAuthenticated(ctx)) return undefined;
        const refusal = await authenticate(ctx);
        if (!refusal) return undefined;
        if (anonymous === null) return UNEXPECTED_ERROR;
        setConsumer(ctx, anonymous, null);
        return undefined;
      },
    };
  },
};
