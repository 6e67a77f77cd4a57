// How cluster connections are secured (Kong's cluster_mtls):
//   shared — every node and the control plane hold the same cert/key; each side accepts only
//            a peer presenting exactly that certificate (compared by SHA-256 fingerprint).
//   pki    — node and control-plane certs are signed by cluster_ca_cert; a node checks the
//            control plane's cert names cluster_server_name (default: the host it dials).
//   plaintext — ws:// without TLS or authentication, only behind an explicit development flag.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ConnectionOptions, PeerCertificate, TlsOptions } from 'node:tls';
import { ClusterError } from './cluster-errors.js';

export type ClusterTls =
  | { readonly mode: 'shared'; readonly cert: string; readonly key: string }
  | { readonly mode: 'pki'; readonly cert: string; readonly key: string; readonly ca: string; readonly serverName?: string | undefined }
  | { readonly mode: 'plaintext' };

export interface ClusterTlsFiles {
  readonly mode: 'shared' | 'pki';
  readonly certPath?: string | undefined;
  readonly keyPath?: string | undefined;
  readonly caPath?: string | undefined;
  readonly serverName?: string | undefined;
}

/** SHA-256 fingerprint, colon-separated upper-case hex (Node's `fingerprint256`). */
export function certFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** notAfter of a PEM certificate. */
export function certNotAfter(pem: string): Date {
  return new Date(new X509Certificate(pem).validTo);
}

async function readPem(path: string | undefined, setting: string, mode: string): Promise<string> {
  if (path === undefined) throw new ClusterError('GW_ERR_CLUSTER_TLS_CONFIG', `${setting} is required with cluster_mtls = ${mode}`);
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ClusterError('GW_ERR_CLUSTER_TLS_CONFIG', `cannot read ${setting} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Checks that the certificate and key parse and belong together (and the CA, in pki mode). */
export function checkClusterTls(tls: ClusterTls): void {
  if (tls.mode === 'plaintext') return;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(tls.cert);
  } catch (err) {
    throw new ClusterError('GW_ERR_CLUSTER_TLS_CONFIG', `cluster_cert is not a PEM certificate: ${(err as Error).message}`, { cause: err });
  }
  let matches: boolean;
  try {
    matches = cert.checkPrivateKey(createPrivateKey(tls.key));
  } catch (err) {
    throw new ClusterError('GW_ERR_CLUSTER_TLS_CONFIG', `cluster_cert_key is not a PEM private key: ${(err as Error).message}`, { cause: err });
  }
  if (!matches) throw new ClusterError('GW_ERR_CLUSTER_TLS_CONFIG', 'cluster_cert_key is not the key of cluster_cert');
  if (tls.mode === 'pki') {
    let ca: X509Certificate;
    try {
      ca = new X509Certificate(tls.ca);
    } catch (err) {
      throw new ClusterError('GW_ERR_CLUSTER_TLS_CONFIG', `cluster_ca_cert is not a PEM certificate: ${(err as Error).message}`, { cause: err });
    }
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) throw new ClusterError('GW_ERR_CLUSTER_TLS_CONFIG', `cluster_cert (${cert.subject}) is not issued by cluster_ca_cert (${ca.subject})`);
  }
}

/** Reads cluster_cert, cluster_cert_key (and cluster_ca_cert in pki mode) and checks them. */
export async function readClusterTls(files: ClusterTlsFiles): Promise<ClusterTls> {
  const cert = await readPem(files.certPath, 'cluster_cert', files.mode);
  const key = await readPem(files.keyPath, 'cluster_cert_key', files.mode);
  const tls: ClusterTls =
    files.mode === 'shared'
      ? { mode: 'shared', cert, key }
      : { mode: 'pki', cert, key, ca: await readPem(files.caPath, 'cluster_ca_cert', files.mode), serverName: files.serverName };
  checkClusterTls(tls);
  return tls;
}

/** TLS options of a node's connection to the control plane (for ws's client options). */
export function clientTlsOptions(tls: Exclude<ClusterTls, { mode: 'plaintext' }>): ConnectionOptions {
  const base = { cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2', rejectUnauthorized: true } as const;
  if (tls.mode === 'pki') return tls.serverName ? { ...base, ca: tls.ca, servername: tls.serverName } : { ...base, ca: tls.ca };
  const expected = certFingerprint(tls.cert);
  return {
    ...base,
    ca: tls.cert,
    // The shared cert names no host: the identity is the certificate itself.
    checkServerIdentity: (_host: string, peer: PeerCertificate) =>
      peer.fingerprint256 === expected
        ? undefined
        : new ClusterError('GW_ERR_CLUSTER_AUTH_REFUSED', `the control plane presented certificate ${peer.fingerprint256}, not the shared cluster_cert ${expected}: use the same cluster_cert on every node`),
  };
}

/** TLS options of the control plane's cluster listener. Client certs are checked after the handshake, so a refusal can say why. */
export function serverTlsOptions(tls: Exclude<ClusterTls, { mode: 'plaintext' }>): TlsOptions {
  return { cert: tls.cert, key: tls.key, ca: tls.mode === 'pki' ? tls.ca : tls.cert, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' };
}
