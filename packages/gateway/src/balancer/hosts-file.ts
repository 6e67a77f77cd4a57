// /etc/hosts, read as Kong's DNS client reads it: a name listed there is answered from the
// file before any DNS query. Re-read at most every `ttlSeconds`.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';

export type HostsTable = ReadonlyMap<string, readonly string[]>;

export function parseHostsFile(text: string): HostsTable {
  const table = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const [ip, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (!ip || !isIP(ip)) continue;
    for (const name of names) {
      const key = name.toLowerCase();
      const list = table.get(key) ?? [];
      if (!list.includes(ip)) list.push(ip);
      table.set(key, list);
    }
  }
  return table;
}

/** Loads the file lazily and caches it; a missing or unreadable file is an empty table. */
export function hostsFileReader(path: string, ttlSeconds: number, now: () => number = Date.now): () => Promise<HostsTable> {
  let cached: { table: HostsTable; at: number } | undefined;
  let loading: Promise<HostsTable> | undefined;
  return () => {
    if (cached && now() - cached.at < ttlSeconds * 1000) return Promise.resolve(cached.table);
    loading ??= readFile(path, 'utf8')
      .then(parseHostsFile, (): HostsTable => new Map())
      .then((table) => {
        cached = { table, at: now() };
        loading = undefined;
        return table;
      });
    return loading;
  };
}
