import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadDeclarativeConfig, formatConfigError } from '@gatehouse/config';
import type { ConfigResult } from '@gatehouse/config';
import { bundledRegistry } from '../bundled-plugins.js';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads and validates a declarative config file (`-` for stdin). Reports problems itself and
 * returns the exit code to use when the file is unreadable or invalid.
 */
export async function readConfigFile(file: string, io: CliIo): Promise<{ ok: true; result: Extract<ConfigResult, { ok: true }> } | { ok: false; exit: number }> {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readStdin() : await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    io.err(`gatehouse: cannot read ${file}: ${why} (GW_ERR_CONFIG_READ)`);
    return { ok: false, exit: EXIT.UNREADABLE };
  }
  const result = loadDeclarativeConfig(bytes, { fileName: file === '-' ? '<stdin>' : basename(file), plugins: bundledRegistry() });
  if (!result.ok) {
    for (const e of result.errors) io.err(formatConfigError(e));
    io.err(`${file}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`);
    return { ok: false, exit: EXIT.INVALID };
  }
  return { ok: true, result };
}
