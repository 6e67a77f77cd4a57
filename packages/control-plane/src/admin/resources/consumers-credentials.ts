// Consumers and their credentials: /consumers, /consumers/{consumer}/key-auth, /basic-auth,
// /jwt, /acls, and Kong's top-level credential collections (/key-auths, /basic-auths, /jwts, /acls).

import { randomBytes } from 'node:crypto';
import { REDACTED } from '@gatehouse/config';
import type { Body, ResourceDef } from './resource-def.js';

/** Kong generates credential keys and HMAC secrets the client leaves out: 32 hex digits. */
const randomKey = (): string => randomBytes(16).toString('hex');

const consumerParent = (segment: string) => [{ type: 'consumers', field: 'consumer', segment }] as const;

export const CONSUMERS: ResourceDef = {
  type: 'consumers',
  collection: 'consumers',
  endpointKey: 'username',
  parents: [],
  // Kong: GET /consumers?custom_id=... (and ?username=...).
  filter: (query) => {
    const { custom_id: customId, username } = query;
    if (customId === undefined && username === undefined) return undefined;
    return (e) => (customId === undefined || e['custom_id'] === customId) && (username === undefined || e['username'] === username);
  },
};

export const KEYAUTH_CREDENTIALS: ResourceDef = {
  type: 'keyauth_credentials',
  collection: 'key-auths',
  endpointKey: 'key',
  parents: consumerParent('key-auth'),
  onCreate: (body: Body) => {
    if (body['key'] === undefined || body['key'] === null) body['key'] = randomKey();
  },
};

export const BASICAUTH_CREDENTIALS: ResourceDef = {
  type: 'basicauth_credentials',
  collection: 'basic-auths',
  endpointKey: 'username',
  parents: consumerParent('basic-auth'),
  // Kong never shows a password back (it shows its hash); Gatehouse shows the redaction marker.
  present: (entity) => ({ ...entity, password: REDACTED }),
};

export const JWT_SECRETS: ResourceDef = {
  type: 'jwt_secrets',
  collection: 'jwts',
  endpointKey: 'key',
  parents: consumerParent('jwt'),
  onCreate: (body: Body) => {
    if (body['key'] === undefined || body['key'] === null) body['key'] = randomKey();
    const algorithm = typeof body['algorithm'] === 'string' ? body['algorithm'] : 'HS256';
    if (algorithm.startsWith('HS') && (body['secret'] === undefined || body['secret'] === null)) body['secret'] = randomKey();
  },
};

export const ACLS: ResourceDef = {
  type: 'acls',
  collection: 'acls',
  endpointKey: 'group',
  keyScopedToParent: true,
  parents: consumerParent('acls'),
};
