import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { orNull } from '../shared/schema.js';

const IpList = (description: string) => orNull(Type.Array(Type.String({ minLength: 1 })), { description });

/** Kong's ip-restriction config; entries are checked as IPs or CIDRs by the plugin's check(). */
export const IpRestrictionSchema = Type.Object(
  {
    allow: IpList('IPv4/IPv6 addresses and CIDR ranges allowed in; any other client is refused. At least one of `allow` and `deny` is required.'),
    deny: IpList('IPv4/IPv6 addresses and CIDR ranges refused; checked before `allow`, so an address in both is refused.'),
    status: orNull(Type.Integer({ minimum: 100, maximum: 599 }), { description: 'Status of the refusal; 403 when null.' }),
    message: orNull(Type.String(), { description: 'Message of the refusal (`{"message": ...}`); "Your IP address is not allowed" when null.' }),
  },
  { additionalProperties: false },
);

export type IpRestrictionConfig = Static<typeof IpRestrictionSchema>;
