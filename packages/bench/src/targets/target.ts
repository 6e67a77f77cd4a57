/** A proxy under test: a process listening on 127.0.0.1 that forwards to the shared upstream. */
import { httpRequest } from '@gatehouse/testkit';

export interface ProxyTarget {
  /** Stable key in results: "gatehouse", "gatehouse-plugins", "fastify-http-proxy", "nginx". */
  readonly id: string;
  /** As the report shows it: "Gatehouse DP (no plugins)". */
  readonly label: string;
  readonly url: string;
  /** Process group of the proxy (its pid: started detached), for its CPU time. */
  readonly pid: number;
  /** Headers every benchmark request to this target carries. */
  readonly headers: Record<string, string>;
  /** Checks, once started, that the target answers as set up (throws with the reason). */
  verify(): Promise<void>;
  close(): Promise<void>;
}

/** The upstream's body starts with this: a proxied answer, not the proxy's own. */
export const UPSTREAM_BODY_MARK = '{"hello":"world"';

/** GETs `url` and throws unless it is a 200 carrying the upstream's body. */
export async function expectProxied(label: string, url: string, headers: Record<string, string>): Promise<Record<string, string | string[] | undefined>> {
  const res = await httpRequest(url, { headers, timeoutMs: 5_000 });
  const body = res.text();
  if (res.status !== 200 || !body.startsWith(UPSTREAM_BODY_MARK)) {
    throw new Error(`${label} answered ${res.status} ${body.slice(0, 120)} instead of the upstream's 200`);
  }
  return res.headers;
}

/** The first line matching a port number, as the servers/*.mjs scripts print it. */
export const PORT_LINE = /^\d+$/;
