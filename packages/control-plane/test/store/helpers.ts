// Shared helpers of the store tests.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { CommitInput } from '../../src/store/index.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A commit of `content` with its real sha256. */
export function input(content: string, extra: Partial<CommitInput> = {}): CommitInput {
  return { content, hash: sha256(content), source: 'test', ...extra };
}

/** A fresh directory under the OS temp dir, removed when the test ends. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
