import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateCa, generateSharedCert, issueNodeCert, writeCertFiles } from '@gatehouse/protocol';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';

export const certHelp = `Usage:
  gatehouse cert generate [--out <dir>] [--days N] [--force]
      A shared cluster certificate and key (cluster_mtls = shared): cluster.crt and
      cluster.key, the same pair on the control plane and every node (Kong's
      'kong hybrid gen_cert'). EC P-256, self-signed, 3 years by default.
  gatehouse cert generate --ca [--out <dir>] [--days N] [--force]
      A cluster CA for cluster_mtls = pki: ca.crt and ca.key. Keep ca.key off the nodes.
  gatehouse cert generate --node <name> --ca-cert <ca.crt> --ca-key <ca.key> [--san <dns or ip>]... [--out <dir>]
      A node (or control-plane) certificate signed by that CA: <name>.crt and <name>.key.
      Give the control plane's certificate the name nodes check (cluster_server_name) as --san.

Keys are written with mode 0600; existing files are never overwritten without --force.`;

export async function certCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'generate') {
    io.err(certHelp);
    return EXIT.USAGE;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: 'string', default: '.' },
      days: { type: 'string' },
      force: { type: 'boolean', default: false },
      ca: { type: 'boolean', default: false },
      node: { type: 'string' },
      'ca-cert': { type: 'string' },
      'ca-key': { type: 'string' },
      san: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isInteger(days) && days > 0)) {
    io.err(`gatehouse cert: --days must be a positive whole number of days, not "${values.days}"`);
    return EXIT.USAGE;
  }
  const write = { force: values.force };
  let written: { certPath: string; keyPath: string };
  if (values.node !== undefined) {
    if (values['ca-cert'] === undefined || values['ca-key'] === undefined) {
      io.err('gatehouse cert: --node needs --ca-cert and --ca-key (from `gatehouse cert generate --ca`)');
      return EXIT.USAGE;
    }
    const ca = { certPem: await readFile(values['ca-cert'], 'utf8'), keyPem: await readFile(values['ca-key'], 'utf8') };
    const pair = await issueNodeCert(ca, { commonName: values.node, serverNames: values.san ?? [values.node], ...(days ? { days } : {}) });
    written = await writeCertFiles(values.out, pair, { ...write, name: values.node });
  } else if (values.ca) {
    written = await writeCertFiles(values.out, await generateCa(days ? { days } : {}), { ...write, name: 'ca' });
  } else {
    written = await writeCertFiles(values.out, await generateSharedCert(days ? { days } : {}), write);
  }
  io.out(`wrote ${written.certPath} and ${written.keyPath} (key mode 0600)`);
  return EXIT.OK;
}
