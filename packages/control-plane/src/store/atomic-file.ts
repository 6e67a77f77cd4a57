// The one write primitive of the file store: a file is never modified in place. New bytes go
// to a temp file in the target's directory, which is flushed, renamed over the target and
// made durable by flushing the directory. A process killed at any instant leaves either the
// old or the new file under the target name, never a torn one; at worst a stray temp file.

import { readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TEMP_PREFIX, fsyncDir as rawFsyncDir, writeFileDurably } from '@gatehouse/config';
import { fsError, isErrno, tryFs } from './store-error.js';

export { TEMP_PREFIX };

/** Flushes a directory; failures become store errors naming the directory. */
export async function fsyncDir(dir: string): Promise<void> {
  await tryFs('flush directory', dir, () => rawFsyncDir(dir));
}

/** The durable write (see @gatehouse/config writeFileDurably), with store error codes. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await tryFs(`write ${basename(target)}`, dirname(target), () => writeFileDurably(target, data));
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
