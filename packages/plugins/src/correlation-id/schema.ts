/** Config schema of correlation-id, with Kong's field names; the header's default is Gatehouse's own. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { HeaderName, StringEnum } from '../shared/schema.js';

export const GENERATORS = ['uuid', 'uuid#counter', 'tracker'] as const;

export const CorrelationIdConfigSchema = Type.Object(
  {
    header_name: Type.String({
      minLength: 1,
      pattern: HeaderName.pattern,
      'x-message': "must be a header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)",
      default: 'Gatehouse-Request-ID',
      description: 'Header that carries the correlation id (Kong\'s default is `Kong-Request-ID`). Matched case-insensitively.',
    }),
    generator: StringEnum(GENERATORS, {
      default: 'uuid#counter',
      description:
        'How ids are made: `uuid` (a random UUID per request), `uuid#counter` (a UUID per gateway process, `#`, and a counter: cheap and still unique), `tracker` (where and when the request was handled: `address-port-pid-connection-requests-time`).',
    }),
    echo_downstream: Type.Boolean({
      default: false,
      description: 'Also send the id back to the client in the same response header.',
    }),
  },
  { additionalProperties: false },
);

export type CorrelationIdConfig = Static<typeof CorrelationIdConfigSchema>;
