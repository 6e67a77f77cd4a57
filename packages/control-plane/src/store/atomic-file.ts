// The one write primitive of the file store: a file is never modified in place. New bytes go
// to a temp file in the target's directory, which is flushed, renamed over the target and
// made durable by flushing the directory. A process killed at any instant leaves either the
// old or the new file under the target name, never a torn one; at worst a stray temp file.

import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsError, isErrno, tryFs } from './store-error.js';

/** Every temp file starts with this; removeStrayTemps() deletes them. */
export const TEMP_PREFIX = '.tmp-';

/** Flushes a directory so that renames, creations and deletions in it survive a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for flushing; its renames are durable on their own.
  if (process.platform === 'win32') return;
  await tryFs('flush directory', dir, async () => {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** temp file -> write -> fsync(file) -> rename over target -> fsync(directory). */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, `${TEMP_PREFIX}${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  await tryFs(`write ${basename(target)}`, dir, async () => {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }).catch(async (err: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw err;
  });
  await tryFs(`replace ${basename(target)}`, dir, () => rename(temp, target)).catch(async (err: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw err;
  });
  await fsyncDir(dir);
}

/** Moves a file into another directory of the same file system, durably. */
export async function moveFileDurably(from: string, to: string): Promise<void> {
  await tryFs('move file', from, () => rename(from, to));
  await fsyncDir(dirname(to));
  await fsyncDir(dirname(from));
}

/** Deletes temp files left by a killed writer; returns their names. */
export async function removeStrayTemps(dir: string): Promise<string[]> {
  const names = await tryFs('list directory', dir, () => readdir(dir));
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw fsError('remove stray temp file', join(dir, name), err);
    }
  }
  if (removed.length > 0) await fsyncDir(dir);
  return removed;
}
