// Writes a certificate and its key as `<name>.crt` / `<name>.key` (default cluster.crt /
// cluster.key, the files cluster_cert and cluster_cert_key point at). Keys are 0600, both
// files are written atomically, and existing files are left alone unless `force` is set.
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '@gatehouse/config';
import { ClusterError } from './cluster-errors.js';
import type { PemPair } from './cert-generate.js';

export interface WriteCertOptions {
  /** File name without extension; default "cluster". */
  readonly name?: string;
  /** Overwrite existing files. */
  readonly force?: boolean;
}

export interface WrittenCertFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function writeCertFiles(dir: string, pair: PemPair, options: WriteCertOptions = {}): Promise<WrittenCertFiles> {
  const name = options.name ?? 'cluster';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new ClusterError('GW_ERR_CLUSTER_CERT_INVALID', `file name "${name}" must be a plain file name`);
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  if (!options.force) {
    const present = [];
    for (const path of [certPath, keyPath]) if (await exists(path)) present.push(path);
    if (present.length > 0) {
      throw new ClusterError('GW_ERR_CLUSTER_CERT_EXISTS', `${present.join(' and ')} already exist${present.length === 1 ? 's' : ''}; pass --force to overwrite, or write to another directory with --out`);
    }
  }
  await mkdir(dir, { recursive: true });
  // Key first: a crash in between leaves no certificate pointing at a missing key.
  await writeFileDurably(keyPath, pair.keyPem, 0o600);
  await writeFileDurably(certPath, pair.certPem, 0o644);
  return { certPath, keyPath };
}
