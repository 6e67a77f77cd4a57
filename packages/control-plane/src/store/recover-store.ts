// Start-up of the file store: bring the directory back to a consistent state after whatever
// happened before (a kill mid-commit, a disk error, a hand edit) and load the index.
//
// Rules, each idempotent so a crash during recovery is itself recovered at the next open:
// - temp files of an interrupted write are deleted;
// - a corrupt pointer or version file is moved into corrupt/, never deleted;
// - an intact pointer that names an intact version decides the current version; version files
//   newer than it were written by a commit that was killed before it became current, so they
//   were never acknowledged to anyone and are deleted;
// - otherwise the newest intact version becomes current and the pointer is rewritten;
// - the version counter is the highest number ever seen (intact files, the pointer, files set
//   aside), so a version number that may have been served is never reused.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStrayTemps, writeFileAtomic } from './atomic-file.js';
import type { ConfigMeta, StoredConfig } from './config-store.js';
import { StoreError, tryFs } from './store-error.js';
import { ensureDirs, readIfExists, readVersion, removeFile, setAside } from './store-layout.js';
import type { StoreLayout } from './store-layout.js';
import { decodePointer, decodeRecord, encodePointer, parseVersionFileName, versionFileName, versionOfSetAside } from './version-record.js';
import type { VersionRef } from './version-record.js';

/** Returned by open() when the store had to repair something; worth a warning in the log. */
export interface RecoveryNote {
  /** What was found and what was done, one sentence per finding. */
  readonly reason: string;
  /** Files moved into corrupt/, relative to the store directory. */
  readonly moved_aside: readonly string[];
}

export interface RecoveredState {
  readonly current: StoredConfig | null;
  /** Retained versions, newest first. */
  readonly history: ConfigMeta[];
  readonly highWater: number;
  readonly recovered: RecoveryNote | null;
}

interface Findings {
  readonly notes: string[];
  readonly movedAside: string[];
  highWater: number;
  pointerMissing: boolean;
}

function seen(findings: Findings, version: number): void {
  findings.highWater = Math.max(findings.highWater, version);
}

async function listDir(dir: string): Promise<string[]> {
  return tryFs('list directory', dir, () => readdir(dir));
}

/** Numbers of files set aside earlier still count: those versions may have been served. */
async function scanSetAside(layout: StoreLayout, findings: Findings): Promise<void> {
  for (const name of await listDir(layout.corrupt)) {
    const version = versionOfSetAside(name);
    if (version !== undefined) seen(findings, version);
    if (name.startsWith('current.')) {
      const text = await readIfExists(join(layout.corrupt, name));
      const pointer = text === undefined ? undefined : decodePointer(text);
      if (pointer?.ok === true) seen(findings, pointer.value.version);
    }
  }
}

/** The pointer's target; undefined when the pointer is missing or was corrupt (then set aside). */
async function readPointer(layout: StoreLayout, findings: Findings): Promise<VersionRef | undefined> {
  const text = await readIfExists(layout.pointer);
  if (text === undefined) {
    findings.pointerMissing = true;
    return undefined;
  }
  const pointer = decodePointer(text);
  if (pointer.ok) {
    seen(findings, pointer.value.version);
    return pointer.value;
  }
  findings.movedAside.push(await setAside(layout, layout.pointer, 'current'));
  findings.notes.push(`the current pointer was corrupt (${pointer.reason})`);
  return undefined;
}

/** Validates every version file; returns the intact ones, newest first. */
async function scanVersions(layout: StoreLayout, pointer: VersionRef | undefined, findings: Findings): Promise<ConfigMeta[]> {
  const isPointer = (ref: VersionRef): boolean => ref.version === pointer?.version && ref.hash === pointer.hash;
  const refs = (await listDir(layout.versions))
    .map((name) => parseVersionFileName(name))
    .filter((ref) => ref !== undefined)
    .sort((a, b) => b.version - a.version || Number(isPointer(b)) - Number(isPointer(a)));
  const intact: ConfigMeta[] = [];
  for (const ref of refs) {
    seen(findings, ref.version);
    const name = versionFileName(ref);
    const text = await readIfExists(join(layout.versions, name));
    if (text === undefined) continue;
    const record = decodeRecord(text, ref);
    const duplicate = intact.some((meta) => meta.version === ref.version);
    if (record.ok && !duplicate) {
      intact.push(record.value.meta);
      continue;
    }
    findings.movedAside.push(await setAside(layout, join(layout.versions, name), name));
    const why = record.ok ? 'another file has the same version number' : record.reason;
    findings.notes.push(`versions/${name} was set aside: ${why}`);
  }
  return intact;
}

async function loadCurrent(layout: StoreLayout, meta: ConfigMeta): Promise<StoredConfig> {
  const record = await readVersion(layout, meta);
  if (record?.ok !== true) {
    throw new StoreError(
      'GW_ERR_STORE_IO',
      `version file ${versionFileName(meta)} in ${layout.versions} changed while the store was opening; ` +
        'make sure no other process uses this directory, then open the store again',
    );
  }
  return record.value;
}

export async function recoverStore(layout: StoreLayout, keep: number): Promise<RecoveredState> {
  await ensureDirs(layout);
  const findings: Findings = { notes: [], movedAside: [], highWater: 0, pointerMissing: false };
  const temps = [...(await removeStrayTemps(layout.dir)), ...(await removeStrayTemps(layout.versions))];
  if (temps.length > 0) findings.notes.push(`removed ${temps.length} temp file(s) of an interrupted write`);
  await scanSetAside(layout, findings);
  const pointer = await readPointer(layout, findings);
  let intact = await scanVersions(layout, pointer, findings);

  const named = intact.find((meta) => meta.version === pointer?.version && meta.hash === pointer.hash);
  let chosen: ConfigMeta | undefined = named;
  if (named !== undefined) {
    for (const orphan of intact.filter((meta) => meta.version > named.version)) {
      await removeFile(join(layout.versions, versionFileName(orphan)));
      findings.notes.push(`discarded version ${orphan.version}: its commit was interrupted before it became current`);
    }
    intact = intact.filter((meta) => meta.version <= named.version);
  } else {
    chosen = intact[0];
    if (pointer !== undefined) {
      findings.notes.push(`the current pointer named version ${pointer.version}, whose file is missing or corrupt`);
    } else if (chosen !== undefined && findings.pointerMissing) {
      findings.notes.push('the current pointer was missing');
    }
    if (chosen !== undefined) {
      await writeFileAtomic(layout.pointer, encodePointer(chosen));
      findings.notes.push(`version ${chosen.version} is current now`);
    } else if (pointer !== undefined) {
      findings.movedAside.push(await setAside(layout, layout.pointer, 'current'));
    }
  }
  if (chosen === undefined && findings.movedAside.length > 0) {
    findings.notes.push('no intact version is left: the store is empty');
  }

  for (const old of intact.slice(keep)) await removeFile(join(layout.versions, versionFileName(old)));
  const current = chosen === undefined ? null : await loadCurrent(layout, chosen);
  const recovered =
    findings.notes.length === 0 ? null : { reason: findings.notes.join('; '), moved_aside: findings.movedAside };
  return { current, history: intact.slice(0, keep), highWater: findings.highWater, recovered };
}
