/**
 * SNI → TLS context, from the config's certificates and snis: exact names first, then the
 * longest matching wildcard (`*.example.com`, `example.*`), then the default certificate.
 */
import { createSecureContext } from 'node:tls';
import type { SecureContext } from 'node:tls';
import type { NormalisedConfig } from '@gatehouse/config';

export interface CertificateSelector {
  /** The context for a server name; null when there is none and no default. */
  select(servername: string | undefined): SecureContext | null;
  readonly size: number;
}

/** One context per certificate; an alternate (e.g. ECDSA beside RSA) is served to clients that prefer it. */
function contextFor(cert: NormalisedConfig['certificates'][number]): SecureContext {
  const alt = cert.cert_alt !== null && cert.key_alt !== null;
  return createSecureContext({ cert: alt ? [cert.cert, cert.cert_alt!] : cert.cert, key: alt ? [cert.key, cert.key_alt!] : cert.key });
}

export function buildCertificateSelector(config: NormalisedConfig, fallback: SecureContext | null): CertificateSelector {
  const byId = new Map<string, SecureContext>();
  for (const cert of config.certificates) byId.set(cert.id, contextFor(cert));
  const exact = new Map<string, SecureContext>();
  const leading: [string, SecureContext][] = []; // "*.example.com" → suffix ".example.com"
  const trailing: [string, SecureContext][] = []; // "example.*" → prefix "example."
  for (const sni of config.snis) {
    const ctx = byId.get(sni.certificate.id);
    if (!ctx) continue;
    const name = sni.name.toLowerCase();
    if (name.startsWith('*.')) leading.push([name.slice(1), ctx]);
    else if (name.endsWith('.*')) trailing.push([name.slice(0, -1), ctx]);
    else exact.set(name, ctx);
  }
  leading.sort((a, b) => b[0].length - a[0].length);
  trailing.sort((a, b) => b[0].length - a[0].length);
  return {
    size: byId.size,
    select(servername) {
      if (servername) {
        const name = servername.toLowerCase().replace(/\.$/, '');
        const hit = exact.get(name) ?? leading.find(([suffix]) => name.endsWith(suffix))?.[1] ?? trailing.find(([prefix]) => name.startsWith(prefix))?.[1];
        if (hit) return hit;
      }
      return fallback;
    },
  };
}
