/** The shared upstream: servers/upstream.mjs in its own process. */
import { spawnProcess } from '@gatehouse/testkit';
import { PORT_LINE } from './target.js';
import { serverScript } from '../repo-paths.js';

export interface Upstream {
  url: string;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const proc = await spawnProcess(process.execPath, [serverScript('upstream.mjs')], { name: 'upstream', readyWhen: PORT_LINE, timeoutMs: 10_000 });
  const port = Number(proc.lines('stdout')[0]);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await proc.stop(2_000);
    },
  };
}
