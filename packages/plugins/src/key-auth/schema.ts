import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { orNull } from '../shared/schema.js';

const KeyName = Type.String({
  pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
  'x-message': "must be a header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)",
});

/** A realm goes inside a quoted string: no quotes, backslashes or line breaks (also used by basic-auth). */
export const REALM_RULES = {
  minLength: 1,
  pattern: '^[^"\\\\\\r\\n]*$',
  'x-message': 'must not contain double quotes, backslashes or line breaks',
} as const;

/** Kong's key-auth config (3.x field names and defaults). */
export const KeyAuthSchema = Type.Object(
  {
    key_names: Type.Array(KeyName, {
      minItems: 1,
      default: ['apikey'],
      description:
        'Names to look for the key under, tried in order: for each name the header (case-insensitive), then the query string, then the body, as enabled below.',
    }),
    key_in_header: Type.Boolean({ default: true, description: 'Look for the key in request headers.' }),
    key_in_query: Type.Boolean({ default: true, description: 'Look for the key in the query string.' }),
    key_in_body: Type.Boolean({
      default: false,
      description: 'Look for the key in the request body: a JSON object or a url-encoded form (read into memory, up to 8 MiB).',
    }),
    hide_credentials: Type.Boolean({
      default: false,
      description: 'Before proxying, remove the key name that held the key from the headers, the query string and, with `key_in_body`, the body.',
    }),
    anonymous: orNull(Type.String({ minLength: 1 }), {
      description:
        'Consumer id or username to authenticate as when authentication fails, instead of answering 401. Skipped when an earlier auth plugin already authenticated the request.',
    }),
    run_on_preflight: Type.Boolean({ default: true, description: 'Also authenticate `OPTIONS` requests; when false they pass unauthenticated.' }),
    realm: orNull(Type.String(REALM_RULES), {
      description: 'Realm in the `WWW-Authenticate` header of 401 answers (`Key realm="<realm>"`); `gatehouse` when null.',
    }),
  },
  { additionalProperties: false },
);

export type KeyAuthConfig = Static<typeof KeyAuthSchema>;
