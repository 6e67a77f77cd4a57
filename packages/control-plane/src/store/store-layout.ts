// Where the file store keeps things inside its directory, and the reads it does there.
//
//   <dir>/current                      pointer to the current version (written atomically,
//                                      after the version file it names is durable)
//   <dir>/versions/<version>-<hash>.json   one self-checking record per retained version
//   <dir>/corrupt/<name>.<stamp>       files that failed validation, set aside for inspection
//   <dir>/.tmp-*, <dir>/versions/.tmp-*    temp files of an interrupted write (removed at open)

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fsyncDir, moveFileDurably } from './atomic-file.js';
import type { StoredConfig } from './config-store.js';
import { fsError, isErrno, tryFs } from './store-error.js';
import { decodeRecord, versionFileName } from './version-record.js';
import type { Decoded, VersionRef } from './version-record.js';

export interface StoreLayout {
  readonly dir: string;
  readonly pointer: string;
  readonly versions: string;
  readonly corrupt: string;
}

export function storeLayout(path: string): StoreLayout {
  const dir = resolve(path);
  return { dir, pointer: join(dir, 'current'), versions: join(dir, 'versions'), corrupt: join(dir, 'corrupt') };
}

/** Creates the store's directories; newly created ones are made durable in their parents. */
export async function ensureDirs(layout: StoreLayout): Promise<void> {
  const created = await tryFs('create the config store directory', layout.dir, () =>
    mkdir(layout.dir, { recursive: true }),
  );
  if (created !== undefined) {
    const top = dirname(created);
    for (let d = layout.dir; d !== top && d !== dirname(d); d = dirname(d)) await fsyncDir(dirname(d));
  }
  for (const sub of [layout.versions, layout.corrupt]) {
    const made = await tryFs('create directory', sub, () => mkdir(sub, { recursive: true }));
    if (made !== undefined) await fsyncDir(layout.dir);
  }
}

/** Reads a file as UTF-8; undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw fsError('read file', path, err);
  }
}

/** Reads and validates one version file; undefined when it does not exist. */
export async function readVersion(layout: StoreLayout, ref: VersionRef): Promise<Decoded<StoredConfig> | undefined> {
  const text = await readIfExists(join(layout.versions, versionFileName(ref)));
  return text === undefined ? undefined : decodeRecord(text, ref);
}

/** Moves a bad file into corrupt/ (never deletes it); returns its new path relative to dir. */
export async function setAside(layout: StoreLayout, path: string, name: string): Promise<string> {
  const stamp = `${new Date().toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  const target = join(layout.corrupt, `${name}.${stamp}`);
  await moveFileDurably(path, target);
  return `corrupt/${name}.${stamp}`;
}

/** Deletes a file that is no longer needed; a missing file is fine. */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw fsError('delete file', path, err);
  }
}
