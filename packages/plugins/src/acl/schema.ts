import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { orNull } from '../shared/schema.js';

const Groups = (description: string) => orNull(Type.Array(Type.String({ minLength: 1 })), { description });

/** Kong's acl config (3.x field names and defaults); exactly one of allow / deny (check()). */
export const AclSchema = Type.Object(
  {
    allow: Groups('Groups allowed in: the consumer must belong to at least one. Set exactly one of `allow` and `deny`.'),
    deny: Groups('Groups refused: a consumer in any of them is refused. Set exactly one of `allow` and `deny`.'),
    hide_groups_header: Type.Boolean({ default: false, description: 'Do not send the `X-Consumer-Groups` header upstream.' }),
    include_consumer_groups: Type.Boolean({
      default: false,
      description: 'Accepted for Kong compatibility (Kong Enterprise consumer groups); Gatehouse has no consumer groups, so it changes nothing.',
    }),
    always_use_authenticated_groups: Type.Boolean({
      default: false,
      description:
        'Match the groups an auth plugin reported for the request (authenticated groups) even when a consumer is identified, instead of the consumer\'s ACL groups.',
    }),
  },
  { additionalProperties: false },
);

export type AclConfig = Static<typeof AclSchema>;
