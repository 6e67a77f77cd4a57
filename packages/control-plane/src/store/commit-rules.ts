// The rules every ConfigStore backend applies the same way: argument checks, optimistic
// concurrency, the metadata of a new version, and the serial queue that orders commits.

import { Buffer } from 'node:buffer';
import { DEFAULT_KEEP } from './config-store.js';
import type { CommitInput, ConfigMeta, RollbackInput } from './config-store.js';
import { StoreError } from './store-error.js';

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

function invalid(message: string): StoreError {
  return new StoreError('GW_ERR_STORE_INVALID_INPUT', message);
}

export function resolveKeep(keep: number | undefined): number {
  if (keep === undefined) return DEFAULT_KEEP;
  if (!Number.isSafeInteger(keep) || keep < 1) {
    throw invalid(`keep must be an integer of at least 1 (got ${String(keep)}); it counts the retained versions`);
  }
  return keep;
}

export function checkVersionArg(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw invalid(`version must be a positive integer (got ${String(version)}); history() lists the stored versions`);
  }
}

function checkExpectVersionArg(expectVersion: number | undefined): void {
  if (expectVersion === undefined) return;
  if (!Number.isSafeInteger(expectVersion) || expectVersion < 0) {
    throw invalid(`expectVersion must be an integer >= 0 (got ${String(expectVersion)}); use 0 for an empty store`);
  }
}

function checkAuthor(author: unknown): void {
  if (author !== undefined && typeof author !== 'string') {
    throw invalid('author must be a string when given');
  }
}

export function checkCommitInput(input: CommitInput): void {
  if (typeof input.content !== 'string') {
    throw invalid('content must be the canonical JSON text of the config (a string)');
  }
  if (typeof input.hash !== 'string' || !HASH_PATTERN.test(input.hash)) {
    throw invalid('hash must be the sha256 of the config as 64 lower-case hex digits');
  }
  if (typeof input.source !== 'string' || input.source.length === 0) {
    throw invalid('source must say where the change came from, e.g. "admin-api POST /config"');
  }
  checkAuthor(input.author);
  checkExpectVersionArg(input.expectVersion);
}

export function checkRollbackInput(version: number, input: RollbackInput): void {
  checkVersionArg(version);
  if (input.source !== undefined && (typeof input.source !== 'string' || input.source.length === 0)) {
    throw invalid('source must be a non-empty string when given');
  }
  checkAuthor(input.author);
  checkExpectVersionArg(input.expectVersion);
}

/** GW_ERR_STORE_CONFLICT when the caller based its change on another version. */
export function checkExpectedVersion(expectVersion: number | undefined, currentVersion: number): void {
  if (expectVersion === undefined || expectVersion === currentVersion) return;
  throw new StoreError(
    'GW_ERR_STORE_CONFLICT',
    `the config changed meanwhile: expected version ${expectVersion} but the current version is ` +
      `${currentVersion}; reload the current config, reapply the change and retry`,
  );
}

export function versionNotFound(version: number, keep: number): StoreError {
  return new StoreError(
    'GW_ERR_STORE_VERSION_NOT_FOUND',
    `version ${version} is not in the store (it was never committed or is older than the ` +
      `${keep} retained versions); history() lists the versions that can be read or rolled back to`,
  );
}

export function closedError(): StoreError {
  return new StoreError('GW_ERR_STORE_CLOSED', 'the config store is closed; open it again to use it');
}

export function rollbackInput(version: number, content: string, hash: string, input: RollbackInput): CommitInput {
  return {
    content,
    hash,
    source: input.source ?? `rollback to ${version}`,
    author: input.author,
    expectVersion: input.expectVersion,
  };
}

/** Metadata of a new version, keys in a fixed order (the record checksum relies on it). */
export function buildMeta(version: number, input: CommitInput, now: Date = new Date()): ConfigMeta {
  return Object.freeze({
    version,
    hash: input.hash,
    created_at: now.toISOString(),
    source: input.source,
    ...(input.author === undefined ? {} : { author: input.author }),
    size: Buffer.byteLength(input.content, 'utf8'),
  });
}

/** Runs async tasks one after the other, in call order; a failed task does not stop the queue. */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}
