// Cluster certificates (the backend of `gatehouse cert generate`), built on WebCrypto with
// @peculiar/x509: EC P-256 keys, SHA-256 signatures.
//   shared mode: one self-signed cert/key for every node (Kong's `kong hybrid gen_cert`);
//   pki mode:    a CA, and node / control-plane certs it issues (serverAuth + clientAuth).
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type Algorithm = webcrypto.Algorithm;
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { ClusterError } from './cluster-errors.js';

export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface SharedCertOptions {
  /** Default "gatehouse_cluster". */
  readonly commonName?: string;
  /** Validity in days; default 1095 (three years, as Kong's gen_cert). */
  readonly days?: number;
}

export interface CaOptions {
  /** Default "gatehouse_cluster_ca". */
  readonly commonName?: string;
  /** Default 3650. */
  readonly days?: number;
}

export interface NodeCertOptions {
  readonly commonName: string;
  /** DNS names and IP addresses put in subjectAltName; a control plane's cert lists the cluster_server_name nodes check. */
  readonly serverNames?: readonly string[];
  /** Default 365. */
  readonly days?: number;
}

const crypto = webcrypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_EC = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

function validity(days: number | undefined, fallback: number): { notBefore: Date; notAfter: Date } {
  const d = days ?? fallback;
  if (!Number.isInteger(d) || d < 1 || d > 36_500) throw new ClusterError('GW_ERR_CLUSTER_CERT_INVALID', `days must be an integer from 1 to 36500, got ${d}`);
  // Backdated a minute: a node whose clock runs slightly behind still accepts a fresh cert.
  const now = Date.now() - 60_000;
  return { notBefore: new Date(now), notAfter: new Date(now + d * DAY_MS) };
}

function checkName(name: string): string {
  if (name.length === 0 || name.length > 64 || [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new ClusterError('GW_ERR_CLUSTER_CERT_INVALID', `common name must be 1 to 64 printable characters, got ${JSON.stringify(name)}`);
  }
  return name;
}

/** A positive 128-bit serial (RFC 5280: at most 20 octets, positive). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function newKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** One self-signed certificate shared by the control plane and every node (cluster_mtls = shared). */
export async function generateSharedCert(options: SharedCertOptions = {}): Promise<PemPair> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: [{ CN: [checkName(options.commonName ?? 'gatehouse_cluster')] }],
      ...validity(options.days, 1095),
      keys,
      signingAlgorithm: SIGN_EC,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

/** A certificate authority for cluster_mtls = pki (cluster_ca_cert). */
export async function generateCa(options: CaOptions = {}): Promise<PemPair> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: [{ CN: [checkName(options.commonName ?? 'gatehouse_cluster_ca')] }],
      ...validity(options.days, 3650),
      keys,
      signingAlgorithm: SIGN_EC,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

/** Imports the CA's private key for signing: EC (P-256/P-384) or RSA. */
async function importSigningKey(pem: string): Promise<{ key: CryptoKey; algorithm: Algorithm }> {
  const nodeKey = createPrivateKey(pem);
  const der = nodeKey.export({ format: 'der', type: 'pkcs8' });
  if (nodeKey.asymmetricKeyType === 'ec') {
    const curve = nodeKey.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256';
    const key = await crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: curve }, false, ['sign']);
    return { key, algorithm: { name: 'ECDSA', hash: curve === 'P-384' ? 'SHA-384' : 'SHA-256' } as Algorithm };
  }
  if (nodeKey.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm;
    return { key: await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']), algorithm };
  }
  throw new ClusterError('GW_ERR_CLUSTER_CERT_INVALID', `the CA key is ${nodeKey.asymmetricKeyType ?? 'of an unknown type'}; EC and RSA keys are supported`);
}

/** A node (or control-plane) certificate issued by `ca`, usable for both ends of a TLS connection. */
export async function issueNodeCert(ca: PemPair, options: NodeCertOptions): Promise<PemPair> {
  let caCert: x509.X509Certificate;
  let signer: { key: CryptoKey; algorithm: Algorithm };
  try {
    caCert = new x509.X509Certificate(ca.certPem);
    signer = await importSigningKey(ca.keyPem);
  } catch (err) {
    if (err instanceof ClusterError) throw err;
    throw new ClusterError('GW_ERR_CLUSTER_CERT_INVALID', `the CA cert or key cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const keys = await newKeys();
  const names = (options.serverNames ?? []).map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }));
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: [{ CN: [checkName(options.commonName)] }],
      issuer: caCert.subjectName,
      ...validity(options.days, 365),
      publicKey: keys.publicKey,
      signingKey: signer.key,
      signingAlgorithm: signer.algorithm,
      extensions,
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}
