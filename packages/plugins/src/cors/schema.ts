/**
 * Config schema of cors, with Kong's field names and defaults (Kong 3.x, allow_origin_absent
 * included).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { HTTP_METHODS, StringArray, StringEnum, orNull } from '../shared/schema.js';

export const CorsConfigSchema = Type.Object(
  {
    origins: orNull(StringArray(), {
      description:
        'Allowed origins for `Access-Control-Allow-Origin`: `*`, exact origins (`https://app.example.com`), or regular expressions. An entry with any character other than letters, digits, `.`, `:`, `/` and `-` is a regex matched against the whole origin (against the host only when the entry has no `:`). Unset or `["*"]` allows every origin.',
    }),
    headers: orNull(StringArray(), {
      description: 'Value of `Access-Control-Allow-Headers` on preflight answers. Unset: the `Access-Control-Request-Headers` the browser sent is echoed.',
    }),
    exposed_headers: orNull(StringArray(), {
      description: 'Value of `Access-Control-Expose-Headers` on normal responses. Unset: the header is not sent.',
    }),
    methods: Type.Array(StringEnum(HTTP_METHODS), {
      default: [...HTTP_METHODS],
      description: 'Value of `Access-Control-Allow-Methods` on preflight answers.',
    }),
    max_age: orNull(Type.Number(), {
      description: 'Seconds a browser may cache a preflight answer (`Access-Control-Max-Age`). Unset: the header is not sent.',
    }),
    credentials: Type.Boolean({
      default: false,
      description: 'Send `Access-Control-Allow-Credentials: true`. With origins `*`, the request origin is echoed instead of `*` (browsers refuse `*` with credentials).',
    }),
    private_network: Type.Boolean({
      default: false,
      description: 'Answer `Access-Control-Allow-Private-Network: true` to preflights that carry `Access-Control-Request-Private-Network: true`.',
    }),
    preflight_continue: Type.Boolean({
      default: false,
      description: 'Proxy preflight requests to the upstream instead of answering them, and add no CORS headers to their response.',
    }),
    allow_origin_absent: Type.Boolean({
      default: true,
      description: 'Add CORS response headers also to requests without an `Origin` header.',
    }),
  },
  { additionalProperties: false },
);

export type CorsConfig = Static<typeof CorsConfigSchema>;
