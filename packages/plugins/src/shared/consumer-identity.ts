/**
 * What every authentication plugin does once it has decided who the caller is (Kong's
 * set_consumer): record it with ctx.authenticate and tell the upstream through the X-Consumer-*
 * headers, removing any client-sent copy of a header it does not set. Also the `anonymous`
 * fallback shared by the auth plugins. Used by key-auth, basic-auth and jwt.
 */
import type { Consumer } from '@gatehouse/config';
import type { ConsumerIndex, PluginContext, PluginExit } from '@gatehouse/gateway';

export const HEADERS = {
  consumerId: 'x-consumer-id',
  consumerCustomId: 'x-consumer-custom-id',
  consumerUsername: 'x-consumer-username',
  credentialIdentifier: 'x-credential-identifier',
  anonymous: 'x-anonymous-consumer',
} as const;

/** Kong's answer when the configured anonymous consumer does not exist. */
export const UNEXPECTED_ERROR: PluginExit = { status: 500, body: { message: 'An unexpected error occurred' } };

function setOrRemove(ctx: PluginContext, name: string, value: string | null | undefined): void {
  if (value) ctx.upstream.setHeader(name, value);
  else ctx.upstream.removeHeader(name);
}

/**
 * Marks the request as authenticated: `credential` null means the anonymous consumer.
 * `identifier` is what X-Credential-Identifier carries (the credential id for key-auth, the
 * username for basic-auth).
 */
export function setConsumer(ctx: PluginContext, consumer: Consumer, credential: { id: string; identifier: string } | null): void {
  ctx.authenticate(credential ? { consumer, credential } : { consumer, credential: null, anonymous: true });
  setOrRemove(ctx, HEADERS.consumerId, consumer.id);
  setOrRemove(ctx, HEADERS.consumerCustomId, consumer.custom_id);
  setOrRemove(ctx, HEADERS.consumerUsername, consumer.username);
  setOrRemove(ctx, HEADERS.credentialIdentifier, credential?.identifier);
  setOrRemove(ctx, HEADERS.anonymous, credential ? null : 'true');
}

/**
 * Kong's logical OR of auth plugins: a plugin configured with `anonymous` does nothing when an
 * earlier one already identified a real credential.
 */
export function alreadyAuthenticated(ctx: PluginContext): boolean {
  return ctx.auth !== null && ctx.auth.anonymous !== true && ctx.auth.credential !== null;
}

/** The `anonymous` setting resolved once per snapshot: null when unset. */
export interface AnonymousFallback {
  /** Authenticates as the anonymous consumer, or answers 500 when it does not exist. */
  apply(ctx: PluginContext): PluginExit | undefined;
}

export function anonymousFallback(consumers: ConsumerIndex, ref: unknown): AnonymousFallback | null {
  if (typeof ref !== 'string' || ref === '') return null;
  const consumer = consumers.byIdOrUsername(ref);
  return {
    apply(ctx) {
      if (!consumer) return UNEXPECTED_ERROR;
      setConsumer(ctx, consumer, null);
      return undefined;
    },
  };
}
