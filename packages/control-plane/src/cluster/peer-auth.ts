// Who may open a cluster connection. The TLS handshake requests a client certificate but
// does not reject one, so that the upgrade can be refused with a reason both ends log:
//   shared — the client presents exactly the shared cluster_cert (SHA-256 fingerprint);
//   pki    — the client's certificate chains to cluster_ca_cert.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { certFingerprint } from '@gatehouse/protocol';
import type { ClusterTls } from '@gatehouse/protocol';

export type PeerCheck =
  | { readonly ok: true; readonly certExpiry: string | null; readonly subject: string | null }
  | { readonly ok: false; readonly reason: string };

export type PeerAuthenticator = (socket: Socket) => PeerCheck;

function expiryOf(validTo: string): string | null {
  const date = new Date(validTo);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function peerAuthenticator(tls: ClusterTls): PeerAuthenticator {
  if (tls.mode === 'plaintext') return () => ({ ok: true, certExpiry: null, subject: null });
  const expected = tls.mode === 'shared' ? certFingerprint(tls.cert) : null;
  return (socket) => {
    if (!(socket instanceof TLSSocket)) return { ok: false, reason: 'not a TLS connection' };
    const cert = socket.getPeerCertificate();
    if (!cert || Object.keys(cert).length === 0 || !cert.fingerprint256) {
      return { ok: false, reason: 'no client certificate; set cluster_cert and cluster_cert_key on the node' };
    }
    const subject = cert.subject?.CN ? `CN=${String(cert.subject.CN)}` : 'no CN';
    if (expected !== null && cert.fingerprint256 !== expected) {
      return {
        ok: false,
        reason: `client certificate ${cert.fingerprint256} (${subject}) is not the shared cluster certificate ${expected}; give the node the control plane's cluster_cert and cluster_cert_key`,
      };
    }
    if (expected === null && !socket.authorized) {
      return {
        ok: false,
        reason: `client certificate (${subject}) is not trusted: ${String(socket.authorizationError)}; issue the node's cluster_cert from cluster_ca_cert`,
      };
    }
    return { ok: true, certExpiry: expiryOf(cert.valid_to), subject };
  };
}
