/** Config schema of request-size-limiting, with Kong's field names and defaults. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { StringEnum } from '../shared/schema.js';

export const SIZE_UNITS = ['megabytes', 'kilobytes', 'bytes'] as const;

export const RequestSizeLimitingConfigSchema = Type.Object(
  {
    allowed_payload_size: Type.Integer({
      default: 128,
      minimum: 0,
      description: 'Largest request body allowed, in `size_unit`s. A longer body is refused with `413`.',
    }),
    size_unit: StringEnum(SIZE_UNITS, {
      default: 'megabytes',
      description: 'Unit of `allowed_payload_size`: `megabytes` (2^20 bytes, as in Kong), `kilobytes` (2^10 bytes) or `bytes`.',
    }),
    require_content_length: Type.Boolean({
      default: false,
      description: 'Refuse requests that have neither a valid `Content-Length` nor a chunked body with `411`.',
    }),
  },
  { additionalProperties: false },
);

export type RequestSizeLimitingConfig = Static<typeof RequestSizeLimitingConfigSchema>;
