// Test harness: an Admin API on 127.0.0.1 port 0 over a real socket, a plugin registry with
// small key-auth and rate-limiting schemas (like Kong's), and captured log lines.

import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { PluginRegistry } from '@gatehouse/config';
import { httpRequest } from '@gatehouse/testkit';
import { pino } from 'pino';
import { createAdminApi, MemoryConfigStore } from '../../src/index.js';
import type { AdminApiOptions, ConfigStore } from '../../src/index.js';

export type Obj = Record<string, unknown>;

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** key-auth and rate-limiting with the fields and defaults of Kong's schemas (a subset). */
export function testPlugins(): PluginRegistry {
  return new PluginRegistry()
    .register({
      name: 'key-auth',
      version: '1.0.0',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          key_names: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, default: ['apikey'] },
          hide_credentials: { type: 'boolean', default: false },
          key_in_header: { type: 'boolean', default: true },
          key_in_query: { type: 'boolean', default: true },
          key_in_body: { type: 'boolean', default: false },
          anonymous: { type: ['string', 'null'], default: null },
          run_on_preflight: { type: 'boolean', default: true },
        },
      },
    })
    .register({
      name: 'rate-limiting',
      version: '1.0.0',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          second: { type: ['integer', 'null'], minimum: 1, default: null },
          minute: { type: ['integer', 'null'], minimum: 1, default: null },
          hour: { type: ['integer', 'null'], minimum: 1, default: null },
          policy: { type: 'string', enum: ['local', 'redis'], default: 'local' },
          redis_password: { type: ['string', 'null'], default: null },
          fault_tolerant: { type: 'boolean', default: true },
        },
      },
      check: (config) =>
        config['second'] === null && config['minute'] === null && config['hour'] === null
          ? [{ path: [], message: 'at least one of second, minute or hour must be set' }]
          : [],
    });
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = Obj>(): T;
}

export interface CallOptions {
  readonly json?: unknown;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export interface AdminHarness {
  readonly url: string;
  readonly store: ConfigStore;
  readonly logs: Obj[];
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** The current version (0 while the store is empty). */
  version(): Promise<number>;
}

export async function startAdmin(t: TestContext, options: Partial<AdminApiOptions> = {}): Promise<AdminHarness> {
  const logs: Obj[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Obj) });
  const store = options.store ?? new MemoryConfigStore();
  const app = createAdminApi({ plugins: testPlugins(), listenIsLoopback: true, ...options, store, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    store,
    logs,
    async call(method, path, { json, body, headers = {} } = {}) {
      const res = await httpRequest(`${url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : json !== undefined ? { json } : {}),
      });
      const text = res.text();
      return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
    },
    async version() {
      return (await store.current())?.meta.version ?? 0;
    },
  };
}

export const yaml = { 'content-type': 'application/yaml' };
export const form = { 'content-type': 'application/x-www-form-urlencoded' };
