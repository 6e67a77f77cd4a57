/** Where things are in the monorepo, from this package's point of view. */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A path under the repository root. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../../', import.meta.url)));
}

/** The built `gatehouse` command (packages/cli/bin/gatehouse.js), as operators run it. */
export function gatehouseBin(): string {
  return fileURLToPath(new URL('../bin/gatehouse.js', import.meta.resolve('@gatehouse/cli')));
}

/** A script in this package's servers/ folder. */
export function serverScript(name: string): string {
  return fileURLToPath(new URL(`../servers/${name}`, import.meta.url));
}
