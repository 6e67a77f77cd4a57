import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { SecureContext } from 'node:tls';
import type { ListenAddress } from '@gatehouse/config';
import { generateSharedCert, writeCertFiles } from '@gatehouse/protocol';

/**
 * The certificate TLS proxy listeners serve when no certificate in the config matches the
 * client's SNI, as Kong's default certificate: self-signed, made once and kept under
 * `<prefix>/ssl/` (default.crt, default.key 0600). Null when no proxy listener uses TLS.
 */
export async function defaultCertificate(prefix: string, listen: readonly ListenAddress[]): Promise<SecureContext | null> {
  if (!listen.some((l) => l.ssl)) return null;
  const dir = join(prefix, 'ssl');
  const certPath = join(dir, 'default.crt');
  const keyPath = join(dir, 'default.key');
  try {
    return createSecureContext({ cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') });
  } catch {
    const pair = await generateSharedCert({ commonName: 'localhost' });
    await writeCertFiles(dir, pair, { name: 'default', force: true });
    return createSecureContext({ cert: pair.certPem, key: pair.keyPem });
  }
}
