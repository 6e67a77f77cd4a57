/**
 * correlation-id (Kong's plugin, priority 100001 as in Kong 3.8+): gives every request an id in
 * a header, kept when the client sent one, and optionally echoes it to the client.
 */
import type { PluginContext } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { firstHeader } from '../shared/headers.js';
import { generatorFor } from './id-generators.js';
import { CorrelationIdConfigSchema } from './schema.js';
import type { CorrelationIdConfig } from './schema.js';

/** ctx.shared key holding the request's correlation id, for log plugins (Kong's serialized `correlation_id`). */
export const CORRELATION_ID_KEY = 'correlation_id';

export const correlationIdPlugin: BundledPlugin = {
  name: 'correlation-id',
  version: '1.0.0',
  priority: 100001,
  configSchema: CorrelationIdConfigSchema,
  summary:
    'Tags every request with a unique id in a header (`Gatehouse-Request-ID` by default) sent to the upstream, keeping the id a client already sent, and optionally echoes it in the response so a request can be traced across client, gateway and services.',
  notes: [
    '- When the request already has the header (non-empty), its value is kept and passed on unchanged; otherwise an id is generated and set on the upstream request.',
    '- With `echo_downstream`, the id is set on the response as well, also on answers a plugin gave (a 401, a 429...).',
    '- `uuid#counter` ids look like `5f1c...-...#42`: one random UUID per gateway process and a counter, so they are unique across nodes and cheap to make.',
    '- `tracker` follows Kong\'s `address-port-pid-connection-requests-time` shape. Plugins do not see the client connection, so Gatehouse writes the machine\'s first external IPv4 address for the accepting address, a per-process request sequence for the connection serial and `1` for the requests made on it; the time is in seconds with milliseconds.',
    '- The id is kept in the request\'s shared plugin context under `correlation_id` for log plugins.',
    '- Gatehouse\'s default header is `Gatehouse-Request-ID` where Kong\'s is `Kong-Request-ID`; set `header_name` to keep Kong\'s.',
    '- Priority 100001 (Kong 3.8 and later; earlier Kong versions ran it last, at priority 1), so the id exists before any other plugin runs or answers.',
  ].join('\n'),
  build({ instance }) {
    const config = instance.config as CorrelationIdConfig;
    const header = config.header_name.toLowerCase();
    const generate = generatorFor(config.generator);
    const incoming = (ctx: PluginContext): string | undefined => {
      const value = firstHeader(ctx.request.headers[header]);
      return value === '' ? undefined : value;
    };
    return {
      access(ctx) {
        let id = incoming(ctx);
        if (id === undefined) {
          id = generate(ctx);
          ctx.upstream.setHeader(header, id);
        }
        ctx.shared.set(CORRELATION_ID_KEY, id);
        return undefined;
      },
      header_filter(ctx) {
        if (!config.echo_downstream || !ctx.response) return;
        const known = ctx.shared.get(CORRELATION_ID_KEY);
        ctx.response.headers[header] = typeof known === 'string' ? known : (incoming(ctx) ?? generate(ctx));
      },
    };
  },
};
