/**
 * Kong's response-transformer config: remove, rename, replace, add and append, each on response
 * headers and (except rename, as in Kong) on top-level properties of a JSON body. Entries are
 * Kong's strings: `name` for remove, `name:value` for the others, `old:new` for rename.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** What Node (and HTTP) accept in a header value: no control characters but tab. */
const HEADER_VALUE = '[\\t\\x20-\\x7e\\x80-\\xff]*';

const HeaderNames = (description: string) =>
  Type.Array(Type.String({ pattern: `^${TOKEN}$`, 'x-message': 'must be a header name (letters, digits and !#$%&\'*+.^_`|~-)' }), {
    default: [],
    description,
  });

const HeaderPairs = (description: string) =>
  Type.Array(
    Type.String({
      pattern: `^${TOKEN}:${HEADER_VALUE}$`,
      'x-message': 'must be "Header-Name:value": a header name, a colon, then a value without control characters',
    }),
    { default: [], description },
  );

const JsonNames = (description: string) =>
  Type.Array(Type.String({ pattern: '^[^:]', 'x-message': 'must be a JSON property name (it cannot start with ":")' }), { default: [], description });

const JsonPairs = (description: string) =>
  Type.Array(Type.String({ pattern: '^[^:]+:', 'x-message': 'must be "name:value": a JSON property name, a colon, then the value' }), {
    default: [],
    description,
  });

const JsonTypes = (verb: string) =>
  Type.Array(Type.Unsafe<'string' | 'boolean' | 'number'>({ type: 'string', enum: ['string', 'boolean', 'number'] }), {
    default: [],
    description:
      `Types of the values in \`${verb}.json\`, by position: \`string\` (the default for a missing entry), \`number\` (a value that is not a number is skipped) ` +
      'or `boolean` (`true` is true, anything else false). Extra entries are ignored, as in Kong.',
  });

/** replace, add and append share Kong's record: headers, json and json_types. */
const PairsRecord = (verb: string, headers: string, json: string) =>
  Type.Object(
    {
      headers: HeaderPairs(headers),
      json: JsonPairs(json),
      json_types: JsonTypes(verb),
    },
    { additionalProperties: false, default: {}, description: `What to ${verb} (Kong's \`config.${verb}\`).` },
  );

export const ResponseTransformerSchema = Type.Object(
  {
    remove: Type.Object(
      {
        headers: HeaderNames('Response headers to remove.'),
        json: JsonNames('Top-level properties to remove from a JSON response body (the name ends at the first colon, as in Kong).'),
      },
      { additionalProperties: false, default: {}, description: 'What to remove; runs first.' },
    ),
    rename: Type.Object(
      {
        headers: Type.Array(
          Type.String({
            pattern: `^${TOKEN}:+${TOKEN}$`,
            'x-message': 'must be "Old-Name:New-Name": two header names separated by a colon',
          }),
          { default: [], description: 'Response headers to rename, as `old:new`; the value (every value of a repeated header) moves to the new name, replacing it.' },
        ),
      },
      { additionalProperties: false, default: {}, description: 'What to rename; runs after remove. Kong renames headers only.' },
    ),
    replace: PairsRecord(
      'replace',
      'Headers to overwrite, as `name:value`, only when the response has them.',
      'Top-level JSON properties to overwrite, as `name:value`, only when the body has them.',
    ),
    add: PairsRecord(
      'add',
      'Headers to set, as `name:value`, only when the response does not have them.',
      'Top-level JSON properties to set, as `name:value`, only when the body does not have them.',
    ),
    append: PairsRecord(
      'append',
      'Headers to add a value to, as `name:value` (the header is set when absent, else gets one more value).',
      'Top-level JSON properties to append to, as `name:value`: an absent property becomes `[value]`, an array gets `value` at its end, any other value becomes `[old, value]`.',
    ),
  },
  { additionalProperties: false },
);

export type ResponseTransformerConfig = Static<typeof ResponseTransformerSchema>;
