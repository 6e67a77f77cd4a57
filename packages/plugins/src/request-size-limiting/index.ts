/**
 * request-size-limiting (Kong's plugin, priority 951): refuses request bodies longer than the
 * configured size, by Content-Length when there is one, else by reading a chunked body up to
 * the limit.
 */
import type { PluginContext, PluginExit } from '@gatehouse/gateway';
import type { BundledPlugin } from '../shared/bundled-plugin.js';
import { firstHeader } from '../shared/headers.js';
import { RequestSizeLimitingConfigSchema } from './schema.js';
import type { RequestSizeLimitingConfig } from './schema.js';

const UNIT_BYTES: Record<RequestSizeLimitingConfig['size_unit'], number> = {
  bytes: 1,
  kilobytes: 1024,
  megabytes: 1024 * 1024,
};

const CONTENT_LENGTH = /^\s*\d+\s*$/;
const CHUNKED = /(^|,)\s*chunked\s*$/i;

/** 417 when the client waits for `100 Continue` (it has not sent the body yet), else 413. */
function tooLarge(ctx: PluginContext): PluginExit {
  const expect = firstHeader(ctx.request.headers['expect'])?.trim().toLowerCase();
  return { status: expect === '100-continue' ? 417 : 413, body: { message: 'Request size limit exceeded' } };
}

export const requestSizeLimitingPlugin: BundledPlugin = {
  name: 'request-size-limiting',
  version: '1.0.0',
  priority: 951,
  configSchema: RequestSizeLimitingConfigSchema,
  summary:
    'Refuses requests whose body is longer than `allowed_payload_size` (in `size_unit`s) with `413 {"message":"Request size limit exceeded"}`, judging by `Content-Length`, or by reading a chunked body up to the limit.',
  notes: [
    '- A valid `Content-Length` above the limit is refused at once, without reading the body: `413 {"message":"Request size limit exceeded"}`, or `417` with the same body when the request carries `Expect: 100-continue` (as in Kong).',
    '- Without a valid `Content-Length`, a chunked body is read up to the limit; one byte more and the request is refused the same way. A body that fits is then sent upstream from memory, with a `Content-Length`.',
    '- `require_content_length: true` refuses every request that has neither a valid `Content-Length` nor `Transfer-Encoding: chunked` with `411 {"message":"A valid Content-Length header is required"}`. As in Kong this includes requests without a body (a `GET` without `Content-Length`), so attach it only to routes that take uploads.',
    '- Sizes are binary as in Kong: a megabyte is 2^20 bytes, a kilobyte 2^10. The default, 128 megabytes, lets a chunked upload of that size be held in memory while it is measured; lower it for routes that take chunked uploads.',
    '- `allowed_payload_size` must be 0 or more (Kong does not check; a negative size refuses every body).',
  ].join('\n'),
  build({ instance }) {
    const config = instance.config as RequestSizeLimitingConfig;
    const limit = config.allowed_payload_size * UNIT_BYTES[config.size_unit];
    return {
      async access(ctx: PluginContext) {
        const headers = ctx.request.headers;
        const declared = firstHeader(headers['content-length']);
        if (declared !== undefined && CONTENT_LENGTH.test(declared)) {
          return Number(declared) > limit ? tooLarge(ctx) : undefined;
        }
        const chunked = CHUNKED.test(firstHeader(headers['transfer-encoding']) ?? '');
        if (!chunked) {
          if (config.require_content_length) return { status: 411, body: { message: 'A valid Content-Length header is required' } };
          return undefined; // no Content-Length and not chunked: there is no body
        }
        const body = await ctx.request.readBody(limit);
        return body === null ? tooLarge(ctx) : undefined;
      },
    };
  },
};
