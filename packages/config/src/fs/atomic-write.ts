/**
 * The one durable write primitive every node uses for its state files (the control plane's
 * config store, a data plane's config cache, node ids): a file is never modified in place.
 * New bytes go to a temp file in the target's directory, which is flushed, renamed over the
 * target and made durable by flushing the directory. A process killed at any instant leaves
 * the old or the new file under the target name, never a torn one; at worst a stray temp file
 * (named with TEMP_PREFIX). Errors are the file system's own (errno codes); callers wrap them.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Every temp file starts with this, so a reader can recognise and remove leftovers. */
export const TEMP_PREFIX = '.tmp-';

/** Flushes a directory so that renames, creations and deletions in it survive a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for flushing; its renames are durable on their own.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** temp file -> write -> fsync(file) -> rename over target -> fsync(directory). */
export async function writeFileDurably(target: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, `${TEMP_PREFIX}${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
}
