import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '@gatehouse/config';

/** `<prefix>/gatehouse.pid`: lets `gatehouse reload` find the node, as Kong's prefix does. */
export function pidFilePath(prefix: string): string {
  return join(prefix, 'gatehouse.pid');
}

export async function writePidFile(prefix: string): Promise<string> {
  await mkdir(prefix, { recursive: true });
  const path = pidFilePath(prefix);
  await writeFileDurably(path, `${process.pid}\n`);
  return path;
}

export async function removePidFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** The pid recorded under `prefix`, if that process is still alive. */
export async function runningPid(prefix: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(pidFilePath(prefix), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
