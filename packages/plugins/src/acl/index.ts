/**
 * acl (Kong priority 950): lets an authenticated consumer in, or refuses it, by its ACL groups
 * (`acls` under a consumer) against an allow or a deny list. Runs after the auth plugins.
 */
import type { PluginContext, PluginExit } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { AclSchema } from './schema.js';
import type { AclConfig } from './schema.js';

export const CANNOT_CONSUME = 'You cannot consume this service';
/**
 * Where an auth plugin puts the groups it authenticated the request with (Kong's
 * ngx.ctx.authenticated_groups, set by e.g. ldap-auth): a string[] in ctx.shared.
 */
export const AUTHENTICATED_GROUPS = 'authenticated_groups';

const nonEmpty = (list: readonly string[] | null | undefined): list is readonly string[] => Array.isArray(list) && list.length > 0;

/** Allowed with the groups header value to send, or refused. */
type Verdict = { allowed: true; header: string } | { allowed: false };

function authenticatedGroups(ctx: PluginContext): readonly string[] | null {
  const groups = ctx.shared.get(AUTHENTICATED_GROUPS);
  return Array.isArray(groups) && groups.length > 0 && groups.every((g) => typeof g === 'string') ? (groups as string[]) : null;
}

export const aclPlugin: BundledPlugin = {
  name: 'acl',
  version: '1.0.0',
  priority: 950,
  noConsumer: true,
  configSchema: AclSchema,
  check(raw) {
    const config = raw as unknown as AclConfig;
    const allow = nonEmpty(config.allow);
    const deny = nonEmpty(config.deny);
    if (allow && deny) return [{ path: [], message: 'set only one of "allow" and "deny", not both' }];
    if (!allow && !deny) return [{ path: [], message: 'one of "allow" or "deny" must list at least one group' }];
    return [];
  },
  summary:
    'Restricts a service or route to consumers by their ACL groups (`acls` under a consumer): with `allow`, only consumers in one of the ' +
    'listed groups get in; with `deny`, consumers in any listed group are refused. Needs an authentication plugin in front.',
  notes: [
    '- No authenticated consumer (no auth plugin ran, or none identified a consumer): `401 {"message":"Unauthorized"}`; ' +
      '403 instead when an auth plugin reported a credential without a consumer.',
    '- A consumer the lists refuse: `403 {"message":"You cannot consume this service"}`.',
    '- An anonymous consumer (an auth plugin\'s `anonymous` fallback) is checked by its own groups like any other.',
    '- When allowed, the upstream gets `X-Consumer-Groups` with the consumer\'s groups joined by `, ` (unless `hide_groups_header`). ' +
      'When the plugin sends no such header (hidden, or a consumer without groups), a client-sent copy is removed; Kong would pass it through.',
    '- Authenticated groups: a plugin that authenticates by group membership rather than by consumer puts the groups as a `string[]` in ' +
      '`ctx.shared` under `authenticated_groups` (Kong\'s `authenticated_groups`). They are used when no consumer was identified, when the ' +
      'consumer is anonymous, or always with `always_use_authenticated_groups`; the header is then `X-Authenticated-Groups`. No bundled plugin sets them yet.',
    '- `include_consumer_groups` is accepted but has no effect: Gatehouse has no consumer groups (a Kong Enterprise entity).',
    '- As in Kong, it cannot be attached to a consumer: a config that does is refused (`GW_ERR_CONFIG_PLUGIN_SCOPE`).',
  ].join('\n'),
  build({ instance, consumers }) {
    const config = instance.config as unknown as AclConfig;
    const denyMode = nonEmpty(config.deny);
    const listed = new Set(denyMode ? config.deny : (config.allow ?? []));
    const hideHeader = config.hide_groups_header;
    const unauthorized: PluginExit = { status: 401, body: { message: 'Unauthorized' } };
    const refused: PluginExit = { status: 403, body: { message: CANNOT_CONSUME } };

    const judge = (groups: readonly string[]): Verdict => {
      const inList = groups.some((g) => listed.has(g));
      return inList === denyMode ? { allowed: false } : { allowed: true, header: groups.join(', ') };
    };
    // Consumers and their groups are fixed for the snapshot, so each consumer's verdict is too.
    const verdicts = new Map<string, Verdict>();
    const consumerVerdict = (consumerId: string): Verdict => {
      let verdict = verdicts.get(consumerId);
      if (!verdict) verdicts.set(consumerId, (verdict = judge(consumers.groups(consumerId).map((acl) => acl.group))));
      return verdict;
    };

    return {
      access(ctx) {
        const consumer = ctx.auth?.consumer ?? null;
        const hasCredential = (ctx.auth?.credential ?? null) !== null;
        let verdict: Verdict;
        let headerName = 'x-consumer-groups';
        const authGroups = !consumer || !hasCredential || config.always_use_authenticated_groups ? authenticatedGroups(ctx) : null;
        if (authGroups) {
          verdict = judge(authGroups);
          headerName = 'x-authenticated-groups';
        } else if (consumer) {
          verdict = consumerVerdict(consumer.id);
        } else {
          return hasCredential ? refused : unauthorized;
        }
        if (!verdict.allowed) return refused;
        // Kong passes a client-sent copy through when it sends none; Gatehouse removes it, so it cannot be forged.
        if (!hideHeader && verdict.header !== '') ctx.upstream.setHeader(headerName, verdict.header);
        else ctx.upstream.removeHeader(headerName);
        return undefined;
      },
    };
  },
};
