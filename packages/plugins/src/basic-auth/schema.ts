import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { REALM_RULES } from '../key-auth/schema.js';
import { orNull } from '../shared/schema.js';

/** Kong's basic-auth config (3.x field names and defaults). */
export const BasicAuthSchema = Type.Object(
  {
    hide_credentials: Type.Boolean({
      default: false,
      description: 'Remove the `Authorization` / `Proxy-Authorization` header that was read before proxying.',
    }),
    anonymous: orNull(Type.String({ minLength: 1 }), {
      description:
        'Consumer id or username to authenticate as when authentication fails, instead of answering 401. Skipped when an earlier auth plugin already authenticated the request.',
    }),
    realm: Type.String({
      ...REALM_RULES,
      default: 'service',
      description: 'Realm in the `WWW-Authenticate` header of 401 answers (`Basic realm="<realm>"`).',
    }),
  },
  { additionalProperties: false },
);

export type BasicAuthConfig = Static<typeof BasicAuthSchema>;
