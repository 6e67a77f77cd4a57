import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import type { ConfigError } from '../errors.js';
import type { FlatRecord } from './flatten.js';
import { checkHost, checkRoute, checkServiceHost, checkTarget } from './route-rules.js';
import type { RuleProblem } from './route-rules.js';

type Data = Record<string, unknown>;

/** Kong's upstream rules: each hash_on source needs its key; the fallback must differ. */
function checkUpstream(u: Data): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const need = (mode: unknown, field: string, keyField: string) => {
    if (u[keyField] === null) problems.push({ path: [keyField], message: `required when ${field} is "${String(mode)}"` });
  };
  const keys: Record<string, [string, string]> = {
    header: ['hash_on_header', 'hash_fallback_header'],
    cookie: ['hash_on_cookie', 'hash_on_cookie'],
    query_arg: ['hash_on_query_arg', 'hash_fallback_query_arg'],
    uri_capture: ['hash_on_uri_capture', 'hash_fallback_uri_capture'],
  };
  const on = String(u['hash_on']);
  const fallback = String(u['hash_fallback']);
  if (keys[on]) need(on, 'hash_on', keys[on][0]);
  if (keys[fallback]) need(fallback, 'hash_fallback', keys[fallback][1]);
  if (fallback !== 'none') {
    if (on === 'none') problems.push({ path: ['hash_fallback'], message: 'must be "none" when hash_on is "none"' });
    else if (on === 'cookie') problems.push({ path: ['hash_fallback'], message: 'must be "none" when hash_on is "cookie"' });
    else if (fallback === on && !(keys[on] && u[keys[on][0]] !== u[keys[on][1]])) {
      problems.push({ path: ['hash_fallback'], message: `must differ from hash_on ("${on}")` });
    }
  }
  return problems;
}

function checkCertificatePair(d: Data, certField: string, keyField: string): RuleProblem[] {
  const cert = d[certField];
  const key = d[keyField];
  if (cert === null && key === null) return [];
  if (cert === null || key === null) return [{ path: [cert === null ? certField : keyField], message: `${certField} and ${keyField} must be set together` }];
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(String(cert));
  } catch (err) {
    return [{ path: [certField], message: `invalid certificate: ${(err as Error).message}` }];
  }
  try {
    if (!x509.checkPrivateKey(createPrivateKey(String(key)))) return [{ path: [keyField], message: `does not match ${certField}` }];
  } catch (err) {
    return [{ path: [keyField], message: `invalid private key: ${(err as Error).message}` }];
  }
  return [];
}

function checkCaCertificate(d: Data): RuleProblem[] {
  try {
    const x509 = new X509Certificate(String(d['cert']));
    return x509.ca ? [] : [{ path: ['cert'], message: 'not a CA certificate (the CA basic constraint is missing)' }];
  } catch (err) {
    return [{ path: ['cert'], message: `invalid certificate: ${(err as Error).message}` }];
  }
}

function checkJwtSecret(d: Data): RuleProblem[] {
  const alg = String(d['algorithm']);
  if (alg.startsWith('HS')) {
    return d['secret'] === null ? [{ path: ['secret'], message: `required for ${alg} (Gatehouse does not generate secrets, so the config stays reproducible)` }] : [];
  }
  if (d['rsa_public_key'] === null) return [{ path: ['rsa_public_key'], message: `required for ${alg}: the PEM public key that verifies tokens` }];
  try {
    createPublicKey(String(d['rsa_public_key']));
  } catch (err) {
    return [{ path: ['rsa_public_key'], message: `invalid public key: ${(err as Error).message}` }];
  }
  return [];
}

function problemsFor(r: FlatRecord): RuleProblem[] {
  const d = r.data;
  switch (r.type) {
    case 'routes':
      return checkRoute(d);
    case 'services': {
      const why = checkServiceHost(String(d['host']));
      return why ? [{ path: ['host'], message: why }] : [];
    }
    case 'upstreams':
      return checkUpstream(d);
    case 'targets': {
      const why = checkTarget(String(d['target']));
      return why ? [{ path: ['target'], message: `${why} (got ${JSON.stringify(d['target'])})` }] : [];
    }
    case 'snis': {
      const why = checkHost(String(d['name']), false);
      return why ? [{ path: ['name'], message: `${why} (got ${JSON.stringify(d['name'])})` }] : [];
    }
    case 'consumers':
      return d['username'] === null && d['custom_id'] === null ? [{ path: [], message: "at least one of 'username' or 'custom_id' must be set" }] : [];
    case 'certificates':
      return [...checkCertificatePair(d, 'cert', 'key'), ...checkCertificatePair(d, 'cert_alt', 'key_alt')];
    case 'ca_certificates':
      return checkCaCertificate(d);
    case 'jwt_secrets':
      return checkJwtSecret(d);
    default:
      return [];
  }
}

const CODES: Partial<Record<FlatRecord['type'], ConfigError['code']>> = {
  routes: 'GW_ERR_CONFIG_ROUTE',
  upstreams: 'GW_ERR_CONFIG_UPSTREAM',
  certificates: 'GW_ERR_CONFIG_CERTIFICATE',
  ca_certificates: 'GW_ERR_CONFIG_CERTIFICATE',
};

/** Rules a schema cannot express, on records that passed their schema. */
export function checkEntityRules(records: FlatRecord[]): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const r of records) {
    // Route rules guard their own types, so they also run on routes that failed the schema.
    if (!r.valid && r.type !== 'routes') continue;
    for (const p of problemsFor(r)) {
      errors.push({ code: CODES[r.type] ?? 'GW_ERR_CONFIG_SCHEMA', path: [...r.path, ...p.path], message: p.message });
    }
  }
  return errors;
}
