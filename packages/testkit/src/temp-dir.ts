import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  /** Absolute, symlink-free path of the new directory. */
  readonly path: string;
  /** Removes the directory and everything in it; safe to call twice. */
  cleanup(): Promise<void>;
}

/** Creates a fresh directory under the OS temp dir, e.g. `t.after(() => dir.cleanup())`. */
export async function tempDir(prefix = 'gatehouse-test-'): Promise<TempDir> {
  const path = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  return {
    path,
    cleanup: () => rm(path, { recursive: true, force: true, maxRetries: 3 }),
  };
}
