/**
 * Consumers and credentials of one config snapshot, indexed for O(1) lookups per request.
 * Each map is built on first use, so a config without key-auth never builds the key map.
 */
import type { Acl, BasicauthCredential, Consumer, JwtSecret, KeyauthCredential, NormalisedConfig } from '@gatehouse/config';
import type { ConsumerIndex } from './plugin-contract.js';

type Owned<C> = { credential: C; consumer: Consumer };

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

function ownedBy<C extends { consumer: { id: string } }>(
  list: readonly C[],
  key: (c: C) => string,
  consumers: ReadonlyMap<string, Consumer>,
): Map<string, Owned<C>> {
  const map = new Map<string, Owned<C>>();
  for (const credential of list) {
    const consumer = consumers.get(credential.consumer.id);
    if (consumer) map.set(key(credential), { credential, consumer });
  }
  return map;
}

export function createConsumerIndex(config: NormalisedConfig, consumersById: ReadonlyMap<string, Consumer>): ConsumerIndex {
  const byUsername = lazy(() => new Map(config.consumers.filter((c) => c.username).map((c) => [c.username!, c])));
  const keyauth = lazy(() => ownedBy<KeyauthCredential>(config.keyauth_credentials, (c) => c.key, consumersById));
  const basicauth = lazy(() => ownedBy<BasicauthCredential>(config.basicauth_credentials, (c) => c.username, consumersById));
  const jwt = lazy(() => ownedBy<JwtSecret>(config.jwt_secrets, (c) => c.key, consumersById));
  const groups = lazy(() => {
    const map = new Map<string, Acl[]>();
    for (const acl of config.acls) {
      const list = map.get(acl.consumer.id);
      if (list) list.push(acl);
      else map.set(acl.consumer.id, [acl]);
    }
    return map;
  });
  return {
    byId: (id) => consumersById.get(id),
    byIdOrUsername: (ref) => consumersById.get(ref) ?? byUsername().get(ref),
    keyauth: (key) => keyauth().get(key),
    basicauth: (username) => basicauth().get(username),
    jwtSecret: (key) => jwt().get(key),
    groups: (consumerId) => groups().get(consumerId) ?? [],
  };
}
