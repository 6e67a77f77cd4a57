import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import type { GatewayPlugin } from '@gatehouse/gateway';
import { httpRequest } from '@gatehouse/testkit';
import { SignJWT } from 'jose';
import { oneRoute, startPluginGateway } from '../../test/harness.js';
import { jwtPlugin } from './index.js';

const now = () => Math.floor(Date.now() / 1000);
const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token signed with `key` (a string is an HMAC secret). */
function sign(claims: Record<string, unknown>, key: string | KeyObject, alg = 'HS256', header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...header }).sign(typeof key === 'string' ? new TextEncoder().encode(key) : key);
}

interface Echo {
  headers: Record<string, string | undefined>;
  query: Record<string, string | string[]>;
}

const ALICE = { username: 'alice', custom_id: 'cust-alice', jwt_secrets: [{ key: 'alice-iss', secret: 'alice-secret' }] };

interface Options {
  config?: Record<string, unknown>;
  consumers?: unknown[];
  extra?: GatewayPlugin[];
  plugins?: unknown[];
  routePlugins?: unknown[];
}

/** A gateway with the jwt plugin (global unless `plugins` says otherwise) and the echo origin. */
async function jwtGateway(t: TestContext, opts: Options = {}) {
  const gw = await startPluginGateway(t, [jwtPlugin, ...(opts.extra ?? [])]);
  const doc = (o: Options) =>
    oneRoute(gw.originUrl, {
      plugins: o.plugins ?? [{ name: 'jwt', config: o.config ?? {} }],
      ...(o.routePlugins ? { routePlugins: o.routePlugins } : {}),
      consumers: o.consumers ?? [ALICE],
    });
  gw.apply(doc(opts));
  return {
    originRequests: () => gw.origin.requests.length,
    apply: (o: Options) => void gw.apply(doc(o)),
    get: (path: string, headers: Record<string, string> = {}, method = 'GET') => httpRequest(`${gw.url}${path}`, { headers, method }),
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('jwt: finding the token', () => {
  test('a valid HS256 token in Authorization: Bearer reaches the upstream as its consumer', async (t) => {
    const gw = await jwtGateway(t);
    const token = await sign({ iss: 'alice-iss' }, 'alice-secret');
    const res = await gw.get('/', { ...bearer(token), 'x-anonymous-consumer': 'true', 'x-credential-identifier': 'forged' });
    assert.equal(res.status, 200);
    const seen = res.json<Echo>().headers;
    assert.match(seen['x-consumer-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(seen['x-consumer-username'], 'alice');
    assert.equal(seen['x-consumer-custom-id'], 'cust-alice');
    assert.equal(seen['x-credential-identifier'], 'alice-iss');
    assert.equal(seen['x-anonymous-consumer'], undefined, 'a client-sent X-Anonymous-Consumer is removed');
    for (const scheme of ['bearer', 'BEARER']) {
      assert.equal((await gw.get('/', { authorization: `${scheme} ${token}` })).status, 200, `scheme ${scheme}`);
    }
  });

  test('consumer headers the consumer lacks are removed when the client sent them', async (t) => {
    const gw = await jwtGateway(t, { consumers: [{ username: 'bob', jwt_secrets: [{ key: 'bob-iss', secret: 'bob-secret' }] }] });
    const res = await gw.get('/', { ...bearer(await sign({ iss: 'bob-iss' }, 'bob-secret')), 'x-consumer-custom-id': 'forged' });
    assert.equal(res.status, 200);
    assert.equal(res.json<Echo>().headers['x-consumer-custom-id'], undefined);
  });

  test('the token is read from the jwt query parameter by default, and from configured parameters, cookies and headers', async (t) => {
    const token = await sign({ iss: 'alice-iss' }, 'alice-secret');
    const gw = await jwtGateway(t);
    const viaQuery = await gw.get(`/?jwt=${token}`);
    assert.equal(viaQuery.status, 200);
    assert.equal(viaQuery.json<Echo>().query['jwt'], token, 'the query parameter is passed upstream, as in Kong');
    assert.equal((await gw.get('/', { cookie: `jwt=${token}` })).status, 401, 'no cookie is read by default');

    gw.apply({ config: { uri_param_names: ['token'], cookie_names: ['Session'], header_names: ['x-jwt'] } });
    assert.equal((await gw.get(`/?token=${token}`)).status, 200);
    assert.equal((await gw.get(`/?jwt=${token}`)).status, 401, 'the default parameter is replaced');
    assert.equal((await gw.get('/', { cookie: `other=1; session=${token}` })).status, 200, 'cookie names match case-insensitively');
    assert.equal((await gw.get('/', { 'x-jwt': `Bearer ${token}` })).status, 200);
    assert.equal((await gw.get('/', bearer(token))).status, 401, 'authorization is no longer read');
  });

  test('no token: 401 Unauthorized with WWW-Authenticate: Bearer, and the upstream never sees the request', async (t) => {
    const gw = await jwtGateway(t);
    const before = gw.originRequests();
    const noToken: Record<string, string>[] = [{}, { authorization: 'Basic YWxpY2U6cHc=' }, { authorization: 'Bearer ' }];
    for (const headers of noToken) {
      const res = await gw.get('/', headers);
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { message: 'Unauthorized' });
      assert.equal(res.headers['www-authenticate'], 'Bearer');
    }
    assert.equal((await gw.get('/?jwt=')).status, 401, 'an empty parameter is no token');
    assert.equal(gw.originRequests(), before);
  });

  test('two different tokens are refused; the same token twice is fine', async (t) => {
    const gw = await jwtGateway(t);
    const a = await sign({ iss: 'alice-iss' }, 'alice-secret');
    const b = await sign({ iss: 'alice-iss', sub: 'other' }, 'alice-secret');
    const res = await gw.get(`/?jwt=${a}`, bearer(b));
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { message: 'Multiple tokens provided' });
    assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"');
    assert.equal((await gw.get(`/?jwt=${a}&jwt=${b}`)).status, 401);
    assert.equal((await gw.get(`/?jwt=${a}`, bearer(a))).status, 200);
  });
});

describe('jwt: refusals', () => {
  const refused = async (gw: Awaited<ReturnType<typeof jwtGateway>>, token: string, body: unknown) => {
    const res = await gw.get('/', bearer(token));
    assert.equal(res.status, 401, `token ${token}`);
    assert.deepEqual(res.json(), body);
    assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"');
  };

  test('malformed tokens: Bad token; invalid JSON / invalid alg / invalid claims / invalid signature', async (t) => {
    const gw = await jwtGateway(t);
    const header = b64url({ alg: 'HS256', typ: 'JWT' });
    const claims = b64url({ iss: 'alice-iss' });
    await refused(gw, 'not-a-token', { message: 'Bad token; invalid JSON' });
    await refused(gw, `${header}.${claims}`, { message: 'Bad token; invalid JSON' });
    await refused(gw, `${header}.${b64url('{not json')}.sig`, { message: 'Bad token; invalid JSON' });
    await refused(gw, `${b64url({ alg: 'none' })}.${claims}.`, { message: 'Bad token; invalid alg' });
    await refused(gw, `${b64url({ typ: 'JWT' })}.${claims}.sig`, { message: 'Bad token; invalid alg' });
    await refused(gw, `${header}.${b64url([1, 2])}.sig`, { message: 'Bad token; invalid claims' });
    await refused(gw, `${header}.${claims}.a!b`, { message: 'Bad token; invalid signature' });
  });

  test('the key claim: missing, empty, unknown, and a custom key_claim_name read from the header', async (t) => {
    const gw = await jwtGateway(t);
    await refused(gw, await sign({ sub: 'x' }, 'alice-secret'), { message: "No mandatory 'iss' in claims" });
    await refused(gw, await sign({ iss: '' }, 'alice-secret'), { message: "Invalid 'iss' in claims" });
    await refused(gw, await sign({ iss: 'nobody' }, 'alice-secret'), { message: "No credentials found for given 'iss'" });

    gw.apply({ config: { key_claim_name: 'kid' } });
    await refused(gw, await sign({ iss: 'alice-iss' }, 'alice-secret'), { message: "No mandatory 'kid' in claims" });
    await refused(gw, await sign({}, 'alice-secret', 'HS256', { kid: 'nobody' }), { message: "No credentials found for given 'kid'" });
    const viaHeader = await gw.get('/', bearer(await sign({}, 'alice-secret', 'HS256', { kid: 'alice-iss' })));
    assert.equal(viaHeader.status, 200, 'the key may sit in the token header');
  });

  test('a token whose alg differs from the jwt_secret algorithm, or signed with another secret, is refused', async (t) => {
    const gw = await jwtGateway(t);
    await refused(gw, await sign({ iss: 'alice-iss' }, 'alice-secret', 'HS512'), { message: 'Invalid algorithm' });
    await refused(gw, await sign({ iss: 'alice-iss' }, 'wrong-secret'), { message: 'Invalid signature' });
    const good = await sign({ iss: 'alice-iss' }, 'alice-secret');
    await refused(gw, `${good.slice(0, good.lastIndexOf('.'))}.${b64url('x'.repeat(32))}`, { message: 'Invalid signature' });
  });

  test('a realm is named in WWW-Authenticate', async (t) => {
    const gw = await jwtGateway(t, { config: { realm: 'api' } });
    assert.equal((await gw.get('/')).headers['www-authenticate'], 'Bearer realm="api"');
    assert.equal((await gw.get('/', bearer('x.y.z'))).headers['www-authenticate'], 'Bearer realm="api", error="invalid_token"');
  });
});

describe('jwt: algorithms and keys', () => {
  test('HS384 and HS512 secrets, and base64-encoded secrets with secret_is_base64', async (t) => {
    const raw = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03]);
    const gw = await jwtGateway(t, {
      consumers: [
        { username: 'h384', jwt_secrets: [{ key: 'k384', algorithm: 'HS384', secret: 's384' }] },
        { username: 'h512', jwt_secrets: [{ key: 'k512', algorithm: 'HS512', secret: 's512' }] },
        { username: 'b64', jwt_secrets: [{ key: 'kb64', secret: raw.toString('base64') }] },
      ],
    });
    assert.equal((await gw.get('/', bearer(await sign({ iss: 'k384' }, 's384', 'HS384')))).status, 200);
    assert.equal((await gw.get('/', bearer(await sign({ iss: 'k512' }, 's512', 'HS512')))).status, 200);
    const signedWithBytes = await new SignJWT({ iss: 'kb64' }).setProtectedHeader({ alg: 'HS256' }).sign(raw);
    assert.equal((await gw.get('/', bearer(signedWithBytes))).status, 401, 'without secret_is_base64 the text is the secret');
    gw.apply({
      config: { secret_is_base64: true },
      consumers: [{ username: 'b64', jwt_secrets: [{ key: 'kb64', secret: raw.toString('base64') }, { key: 'bad', secret: '!!not base64!!' }] }],
    });
    assert.equal((await gw.get('/', bearer(signedWithBytes))).status, 200);
    const res = await gw.get('/', bearer(await sign({ iss: 'bad' }, '!!not base64!!')));
    assert.deepEqual([res.status, res.json()], [401, { message: 'Invalid key/secret' }]);
  });

  test('RS256 and ES256 tokens verify with the PEM public key in rsa_public_key; another key pair is refused', async (t) => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
    const gw = await jwtGateway(t, {
      consumers: [
        { username: 'rsa', jwt_secrets: [{ key: 'rsa-iss', algorithm: 'RS256', rsa_public_key: pem(rsa.publicKey) }] },
        { username: 'ec', jwt_secrets: [{ key: 'ec-iss', algorithm: 'ES256', rsa_public_key: pem(ec.publicKey) }] },
      ],
    });
    const rs = await gw.get('/', bearer(await sign({ iss: 'rsa-iss' }, rsa.privateKey, 'RS256')));
    assert.equal(rs.status, 200);
    assert.equal(rs.json<Echo>().headers['x-consumer-username'], 'rsa');
    const es = await gw.get('/', bearer(await sign({ iss: 'ec-iss' }, ec.privateKey, 'ES256')));
    assert.equal(es.status, 200);
    assert.equal(es.json<Echo>().headers['x-credential-identifier'], 'ec-iss');

    const forged = await gw.get('/', bearer(await sign({ iss: 'rsa-iss' }, otherRsa.privateKey, 'RS256')));
    assert.deepEqual([forged.status, forged.json()], [401, { message: 'Invalid signature' }]);
    const hsWithRsaIss = await gw.get('/', bearer(await sign({ iss: 'rsa-iss' }, pem(rsa.publicKey), 'HS256')));
    assert.deepEqual([hsWithRsaIss.status, hsWithRsaIss.json()], [401, { message: 'Invalid algorithm' }], 'no HMAC with the public key');
  });

  test('a re-applied config with a new secret for the same key refuses tokens of the old one', async (t) => {
    const gw = await jwtGateway(t);
    const old = await sign({ iss: 'alice-iss' }, 'alice-secret');
    assert.equal((await gw.get('/', bearer(old))).status, 200);
    gw.apply({ consumers: [{ ...ALICE, jwt_secrets: [{ key: 'alice-iss', secret: 'rotated' }] }] });
    assert.equal((await gw.get('/', bearer(old))).status, 401);
    assert.equal((await gw.get('/', bearer(await sign({ iss: 'alice-iss' }, 'rotated')))).status, 200);
  });
});

describe('jwt: claims', () => {
  test('claims are not checked unless listed in claims_to_verify', async (t) => {
    const gw = await jwtGateway(t);
    assert.equal((await gw.get('/', bearer(await sign({ iss: 'alice-iss', exp: now() - 60, nbf: now() + 60 }, 'alice-secret')))).status, 200);
  });

  test('exp and nbf: expired, not yet valid, not a number; each failing claim is named', async (t) => {
    const gw = await jwtGateway(t, { config: { claims_to_verify: ['exp', 'nbf'] } });
    const check = async (claims: Record<string, unknown>, status: number, body?: unknown) => {
      const res = await gw.get('/', bearer(await sign({ iss: 'alice-iss', ...claims }, 'alice-secret')));
      assert.equal(res.status, status, JSON.stringify(claims));
      if (body) {
        assert.deepEqual(res.json(), body);
        assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"');
      }
    };
    await check({ exp: now() + 60, nbf: now() - 60 }, 200);
    await check({ exp: now() - 1, nbf: now() - 60 }, 401, { exp: 'token expired' });
    await check({ exp: now() + 60, nbf: now() + 60 }, 401, { nbf: 'token not valid yet' });
    await check({ nbf: now() - 60 }, 401, { exp: 'must be a number' });
    await check({ exp: String(now() + 60), nbf: now() - 60 }, 401, { exp: 'must be a number' });
    await check({ exp: now() - 60, nbf: now() + 60 }, 401, { exp: 'token expired', nbf: 'token not valid yet' });
  });

  test('maximum_expiration refuses a token expiring too far in the future', async (t) => {
    const gw = await jwtGateway(t, { config: { claims_to_verify: ['exp'], maximum_expiration: 300 } });
    assert.equal((await gw.get('/', bearer(await sign({ iss: 'alice-iss', exp: now() + 200 }, 'alice-secret')))).status, 200);
    const res = await gw.get('/', bearer(await sign({ iss: 'alice-iss', exp: now() + 3600 }, 'alice-secret')));
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { exp: 'exceeds maximum allowed expiration' });
  });
});

/** A test-only auth plugin: `x-user: <username>` authenticates that consumer. */
const headerAuth: GatewayPlugin = {
  name: 'header-auth',
  version: '1.0.0',
  priority: 1500,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: ({ consumers }) => ({
    access: (ctx) => {
      const consumer = consumers.byIdOrUsername(String(ctx.request.headers['x-user'] ?? ''));
      if (consumer) ctx.authenticate({ consumer, credential: { id: consumer.id } });
      return undefined;
    },
  }),
};

/** A test-only plugin running after jwt: reports what jwt left for later plugins. */
const witness: GatewayPlugin = {
  name: 'witness',
  version: '1.0.0',
  priority: 100,
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  build: () => ({
    access: (ctx) => {
      ctx.upstream.setHeader('x-witness-token', String(ctx.shared.get('authenticated_jwt_token') ?? ''));
      ctx.upstream.setHeader('x-witness-credential', ctx.auth?.credential?.identifier ?? '');
      return undefined;
    },
  }),
};

describe('jwt: anonymous, preflight, precedence', () => {
  test('with anonymous, a failed authentication goes on as the anonymous consumer', async (t) => {
    const gw = await jwtGateway(t, { config: { anonymous: 'guest' }, consumers: [ALICE, { username: 'guest' }], extra: [witness], plugins: [{ name: 'jwt', config: { anonymous: 'guest' } }, { name: 'witness' }] });
    const anon = await gw.get('/', { 'x-credential-identifier': 'forged' });
    assert.equal(anon.status, 200);
    const seen = anon.json<Echo>().headers;
    assert.equal(seen['x-consumer-username'], 'guest');
    assert.equal(seen['x-anonymous-consumer'], 'true');
    assert.equal(seen['x-credential-identifier'], undefined);
    assert.equal((await gw.get('/', bearer('garbage'))).json<Echo>().headers['x-consumer-username'], 'guest');

    const token = await sign({ iss: 'alice-iss' }, 'alice-secret');
    const real = (await gw.get('/', bearer(token))).json<Echo>().headers;
    assert.equal(real['x-consumer-username'], 'alice');
    assert.equal(real['x-witness-token'], token, 'the verified token is left in ctx.shared.authenticated_jwt_token');
    assert.equal(real['x-witness-credential'], 'alice-iss');
  });

  test('an anonymous consumer that does not exist answers 500 when authentication fails', async (t) => {
    const gw = await jwtGateway(t, { config: { anonymous: 'ghost' } });
    const res = await gw.get('/');
    assert.deepEqual([res.status, res.json()], [500, { message: 'An unexpected error occurred' }]);
    assert.equal((await gw.get('/', bearer(await sign({ iss: 'alice-iss' }, 'alice-secret')))).status, 200);
  });

  test('with anonymous, a consumer already authenticated by another plugin skips jwt; without it, jwt still applies', async (t) => {
    const gw = await jwtGateway(t, {
      consumers: [ALICE, { username: 'carol' }, { username: 'guest' }],
      extra: [headerAuth],
      plugins: [{ name: 'header-auth' }, { name: 'jwt', config: { anonymous: 'guest' } }],
    });
    const res = await gw.get('/', { 'x-user': 'carol' });
    assert.equal(res.status, 200);
    assert.equal(res.json<Echo>().headers['x-anonymous-consumer'], undefined, 'jwt did not replace carol with the anonymous consumer');
    gw.apply({ consumers: [ALICE, { username: 'carol' }], plugins: [{ name: 'header-auth' }, { name: 'jwt' }] });
    assert.equal((await gw.get('/', { 'x-user': 'carol' })).status, 401, 'without anonymous both must pass');
  });

  test('OPTIONS needs a token unless run_on_preflight is false', async (t) => {
    const gw = await jwtGateway(t);
    assert.equal((await gw.get('/', {}, 'OPTIONS')).status, 401);
    gw.apply({ config: { run_on_preflight: false } });
    assert.equal((await gw.get('/', {}, 'OPTIONS')).status, 200);
    assert.equal((await gw.get('/', {}, 'GET')).status, 401);
  });

  test('a route-level jwt config beats the global one', async (t) => {
    const gw = await jwtGateway(t, {
      plugins: [{ name: 'jwt', config: { uri_param_names: ['global'] } }],
      routePlugins: [{ name: 'jwt', config: { uri_param_names: ['route'] } }],
    });
    const token = await sign({ iss: 'alice-iss' }, 'alice-secret');
    assert.equal((await gw.get(`/?route=${token}`)).status, 200);
    assert.equal((await gw.get(`/?global=${token}`)).status, 401);
  });
});
