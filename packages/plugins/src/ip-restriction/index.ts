/**
 * ip-restriction (Kong priority 990): lets clients in or refuses them by their IP address,
 * against allow and deny lists of IPs and CIDR ranges compiled once per config snapshot.
 */
import { isIP } from 'node:net';
import type { PluginExit } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { compileIpMatcher, ipEntryError } from './ip-matcher.js';
import { IpRestrictionSchema } from './schema.js';
import type { IpRestrictionConfig } from './schema.js';

export const NOT_ALLOWED = 'Your IP address is not allowed';
export const NO_CLIENT_IP = 'Cannot identify the client IP address, unix domain sockets are not supported.';

const nonEmpty = (list: readonly string[] | null | undefined): list is readonly string[] => Array.isArray(list) && list.length > 0;

export const ipRestrictionPlugin: BundledPlugin = {
  name: 'ip-restriction',
  version: '1.0.0',
  priority: 990,
  configSchema: IpRestrictionSchema,
  check(raw) {
    const config = raw as unknown as IpRestrictionConfig;
    const problems: { path: (string | number)[]; message: string }[] = [];
    if (!nonEmpty(config.allow) && !nonEmpty(config.deny)) {
      problems.push({ path: [], message: 'at least one of "allow" and "deny" must list an IP address or CIDR range' });
    }
    for (const field of ['allow', 'deny'] as const) {
      (config[field] ?? []).forEach((entry, i) => {
        const error = ipEntryError(entry);
        if (error) problems.push({ path: [field, i], message: error });
      });
    }
    return problems;
  },
  summary:
    'Allows or refuses requests by the client\'s IP address: `deny` and `allow` list IPv4/IPv6 addresses and CIDR ranges. ' +
    'A client in `deny` is refused; with `allow` set, a client not in it is refused.',
  notes: [
    '- Refusal: `403 {"message":"Your IP address is not allowed"}`, or `status` and `message` when set.',
    '- `deny` is checked first, so an address in both lists is refused.',
    '- The client IP is the peer address of the connection (an IPv4-mapped IPv6 peer such as `::ffff:10.0.0.1` counts as `10.0.0.1`). ' +
      'Behind a load balancer that is the balancer\'s address: Kong\'s `trusted_ips` / `real_ip_header` are not applied yet.',
    '- A connection without an IP address (a unix socket) is refused: `403 {"message":"Cannot identify the client IP address, unix domain sockets are not supported."}`.',
    '- `status` must be 100..599 (Kong accepts any number).',
    '- IPv4 and IPv6 entries are matched separately, as in Kong: `::/0` covers every IPv6 client but no IPv4 client.',
    '- Every entry is checked when the config is loaded; an invalid one is refused with an error naming it.',
    '- It can be attached to a consumer: it then applies once an auth plugin has identified that consumer.',
  ].join('\n'),
  build({ instance }) {
    const config = instance.config as unknown as IpRestrictionConfig;
    const deny = nonEmpty(config.deny) ? compileIpMatcher(config.deny) : null;
    const allow = nonEmpty(config.allow) ? compileIpMatcher(config.allow) : null;
    const refusal: PluginExit = { status: config.status ?? 403, body: { message: config.message ?? NOT_ALLOWED } };
    const unknownClient: PluginExit = { status: 403, body: { message: NO_CLIENT_IP } };
    return {
      access(ctx) {
        const ip = ctx.request.clientIp;
        if (isIP(ip) === 0) return unknownClient;
        if (deny?.matches(ip)) return refusal;
        if (allow && !allow.matches(ip)) return refusal;
        return undefined;
      },
    };
  },
};
