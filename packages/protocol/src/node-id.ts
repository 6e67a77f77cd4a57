// A node's id: a UUID generated once and kept in `<prefix>/node_id`, so that a restarted node
// keeps its row in the control plane's registry. Written atomically; an unreadable id file is
// replaced with a new id (and reported) rather than stopping the node.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '@gatehouse/config';
import { ClusterError } from './cluster-errors.js';

export const NODE_ID_FILE = 'node_id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface NodeIdResult {
  readonly id: string;
  readonly file: string;
  /** true when no id existed and a new one was written. */
  readonly created: boolean;
  /** The content of an id file that was not a UUID and was replaced, for the log. */
  readonly replaced?: string;
}

export async function loadOrCreateNodeId(prefix: string): Promise<NodeIdResult> {
  const file = join(prefix, NODE_ID_FILE);
  let existing: string | undefined;
  try {
    existing = (await readFile(file, 'utf8')).trim().toLowerCase();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ClusterError('GW_ERR_CLUSTER_NODE_ID', `cannot read the node id ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (existing !== undefined && UUID.test(existing)) return { id: existing, file, created: false };
  const id = randomUUID();
  try {
    await mkdir(prefix, { recursive: true });
    await writeFileDurably(file, `${id}\n`);
  } catch (err) {
    throw new ClusterError('GW_ERR_CLUSTER_NODE_ID', `cannot write the node id ${file}: ${(err as Error).message}; check that the prefix is writable`, { cause: err });
  }
  return existing === undefined ? { id, file, created: true } : { id, file, created: true, replaced: existing.slice(0, 80) };
}
