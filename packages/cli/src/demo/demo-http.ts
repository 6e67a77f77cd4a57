/** The few HTTP calls the demo makes to its nodes: /status, readiness, a proxied request. */
import { httpRequest } from '@gatehouse/testkit';
import type { HttpResponse } from '@gatehouse/testkit';
import type { DemoAbort } from './demo-abort.js';
import { DemoFailure } from './demo-abort.js';

export const DEMO_API_KEY = 'demo-key-change-me';
/** The request the demo sends through a data plane: the demo consumer on the echo service. */
export const PROBE_PATH = '/echo/hello';

export interface NodeStatus {
  readonly config_source?: string;
  readonly configuration?: { version: number | null; hash: string | null };
  readonly cluster?: { connected: boolean; last_error: string | null } | null;
}

export async function nodeStatus(statusPort: number): Promise<NodeStatus> {
  const res = await httpRequest(`http://127.0.0.1:${statusPort}/status`, { timeoutMs: 5000 });
  if (res.status !== 200) throw new Error(`GET /status answered ${res.status}`);
  return res.json<NodeStatus>();
}

/** GET PROBE_PATH through a proxy port with the demo consumer's key. */
export function probe(proxyPort: number): Promise<HttpResponse> {
  return httpRequest(`http://127.0.0.1:${proxyPort}${PROBE_PATH}`, { headers: { apikey: DEMO_API_KEY }, timeoutMs: 5000 });
}

/**
 * Polls `check` until it returns a value (not undefined); fails with `what` and the last
 * answer after `timeoutMs`. Errors from `check` count as "not yet".
 */
export async function waitUntil<T>(abort: DemoAbort, what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const value = await abort.guard(check());
      if (value !== undefined) return value;
    } catch (err) {
      if (abort.signal.aborted) throw err;
      last = (err as Error).message;
    }
    await abort.pause(100);
    abort.signal.throwIfAborted();
  }
  throw new DemoFailure(`${what} did not happen within ${timeoutMs / 1000} s (last: ${last})`);
}

/** Waits for a data plane's /status/ready to answer 200; the failure says why it is not ready. */
export async function waitReady(abort: DemoAbort, statusPort: number, timeoutMs = 20_000): Promise<void> {
  let reason = 'no answer yet';
  try {
    await waitUntil(abort, 'ready', async () => {
      const res = await httpRequest(`http://127.0.0.1:${statusPort}/status/ready`, { timeoutMs: 5000 });
      if (res.status === 200) return true;
      reason = res.json<{ message?: string }>().message ?? `status ${res.status}`;
      return undefined;
    }, timeoutMs);
  } catch (err) {
    if (abort.signal.aborted) throw err;
    throw new DemoFailure(`not ready within ${timeoutMs / 1000} s: ${reason}`);
  }
}
