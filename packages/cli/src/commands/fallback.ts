import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { NormalisedConfig } from '@gatehouse/config';
import { exportConfig } from '@gatehouse/control-plane';
import { openSnapshotStore } from '@gatehouse/fallback';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';
import { loadNodeSettings } from './node-settings.js';

export const fallbackHelp = `Usage: gatehouse fallback list | show <version> [--include-secrets] | verify  [-c <conf file>] [--json]

Inspects the config snapshots in cluster_fallback_config_storage with the node's settings and
keys: the same storage URL, AWS_* credentials from the environment, the encryption key
(GATEHOUSE_CLUSTER_FALLBACK_CONFIG_ENCRYPTION_KEY) and cluster_fallback_config_verify_key.
Only reads: it works with a data plane's read-only credentials.

  list           every snapshot: version, hash, exporter, export time, which one is latest
  show <version> the snapshot's header and config (verified: hash, signature, decryption);
                 credentials and secret plugin fields are shown as <redacted> unless
                 --include-secrets is given
  verify         opens every snapshot and checks the pointer; exit 1 when anything fails`;

export async function fallbackCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { conf: { type: 'string', short: 'c' }, json: { type: 'boolean', default: false }, 'include-secrets': { type: 'boolean', default: false } } });
  const [sub, arg] = positionals;
  if (sub !== 'list' && sub !== 'show' && sub !== 'verify') {
    io.err(fallbackHelp);
    return EXIT.USAGE;
  }
  const loaded = loadNodeSettings(values.conf, 'data_plane', io);
  if (!loaded) return EXIT.INVALID;
  const storage = loaded.settings.cluster_fallback_config_storage;
  if (!storage) {
    io.err('gatehouse fallback: cluster_fallback_config_storage is not set; set it to s3://<bucket>[/<prefix>]');
    return EXIT.INVALID;
  }
  const verifyPath = loaded.settings.cluster_fallback_config_verify_key;
  const store = openSnapshotStore({ url: storage.url, env: process.env, ...(verifyPath ? { verifyKey: await readFile(verifyPath, 'utf8') } : {}) });
  try {
    if (sub === 'list') {
      const list = await store.list();
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out(`no snapshots under ${storage.url}`);
      else for (const s of list) io.out(`${s.latest ? '*' : ' '} v${s.version}  ${s.hash.slice(0, 12)}  ${s.exportedAt ?? '?'}  exporter ${s.exporter ?? '?'}  ${s.size} bytes${s.encrypted ? '  encrypted' : ''}${s.signed ? '  signed' : ''}`);
      return EXIT.OK;
    }
    if (sub === 'show') {
      const version = Number(arg);
      if (!Number.isInteger(version) || version < 0) {
        io.err('gatehouse fallback show: give the config version to show (see `gatehouse fallback list`)');
        return EXIT.USAGE;
      }
      const snap = await store.get(version);
      // Shown as GET /config shows a config: nested, and without secrets unless asked.
      const config = exportConfig(snap.config as unknown as NormalisedConfig, { includeSecrets: values['include-secrets'] });
      io.out(JSON.stringify({ ...snap, config }, null, 2));
      return EXIT.OK;
    }
    const report = await store.verify();
    io.out(JSON.stringify(report, null, 2));
    if (!report.ok) io.err('gatehouse fallback verify: problems found (see the report above)');
    return report.ok ? EXIT.OK : EXIT.INVALID;
  } catch (err) {
    const e = err as Error & { code?: string };
    io.err(`gatehouse fallback ${sub}: ${e.message}${e.code ? ` (${e.code})` : ''}`);
    return EXIT.INVALID;
  } finally {
    store.close();
  }
}
