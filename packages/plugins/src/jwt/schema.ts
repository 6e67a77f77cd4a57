/**
 * Config of the jwt plugin, with Kong's field names, types and defaults.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { HeaderName, StringArray, StringEnum, orNull } from '../shared/schema.js';

/** Registered claims the plugin can check (RFC 7519 section 4.1). */
export const VERIFIABLE_CLAIMS = ['exp', 'nbf'] as const;

/** Kong's upper bound for maximum_expiration: one year, in seconds. */
export const MAX_EXPIRATION_LIMIT = 31536000;

export const jwtConfigSchema = Type.Object(
  {
    uri_param_names: StringArray({
      default: ['jwt'],
      description: 'Query string parameters the plugin reads a token from.',
    }),
    cookie_names: StringArray({
      default: [],
      description: 'Cookies the plugin reads a token from.',
    }),
    header_names: Type.Array(Type.String({ minLength: 1, pattern: HeaderName.pattern, 'x-message': 'must be a header name (letters, digits and !#$%&\'*+-.^_`|~, no spaces)' }), {
      default: ['authorization'],
      description: 'Request headers the plugin reads a `Bearer <token>` value from.',
    }),
    claims_to_verify: orNull(Type.Array(StringEnum(VERIFIABLE_CLAIMS), { uniqueItems: true }), {
      description: 'Registered claims to verify: `exp` (the token has not expired) and `nbf` (the token is already valid). Unset verifies neither.',
    }),
    key_claim_name: Type.String({
      minLength: 1,
      default: 'iss',
      description: 'The claim (or, failing that, the header field) holding the `key` of the jwt_secret that signed the token.',
    }),
    secret_is_base64: Type.Boolean({
      default: false,
      description: 'Whether the HMAC `secret` of jwt_secrets is base64-encoded (it is decoded before verifying).',
    }),
    anonymous: orNull(Type.String({ minLength: 1 }), {
      description: 'A consumer id or username to use when authentication fails; the request then goes on as that consumer instead of being refused.',
    }),
    run_on_preflight: Type.Boolean({
      default: true,
      description: 'Whether to authenticate `OPTIONS` preflight requests; when false they pass without a token.',
    }),
    maximum_expiration: Type.Number({
      minimum: 0,
      maximum: MAX_EXPIRATION_LIMIT,
      default: 0,
      description: 'The furthest in the future, in seconds, that a token `exp` may be; 0 for no limit. Requires `exp` in `claims_to_verify`.',
    }),
    realm: orNull(Type.String({ minLength: 1 }), {
      description: 'Realm sent in the `WWW-Authenticate` header of 401 answers.',
    }),
  },
  { additionalProperties: false },
);

export type JwtConfig = Static<typeof jwtConfigSchema>;

/** Cross-field rule: a maximum expiration is only checked together with `exp`. */
export function checkJwtConfig(config: Record<string, unknown>): { path: (string | number)[]; message: string }[] {
  const max = config['maximum_expiration'];
  const claims = config['claims_to_verify'];
  if (typeof max === 'number' && max > 0 && !(Array.isArray(claims) && claims.includes('exp'))) {
    return [{ path: ['claims_to_verify'], message: 'must contain "exp" when maximum_expiration is greater than 0' }];
  }
  return [];
}
