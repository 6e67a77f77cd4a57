/**
 * Config schema of request-transformer, with Kong's field names and defaults. Entries are
 * Kong's strings: `name` for remove, `old:new` for rename, `name:value` for the others; the
 * colon and header-name rules are checked in `check` so errors can quote the entry.
 */
import { Type } from '@sinclair/typebox';
import type { Static, TObject, TProperties } from '@sinclair/typebox';
import { StringArray, orNull } from '../shared/schema.js';

const list = (description: string) => StringArray({ default: [], description });

const section = <P extends TProperties>(properties: P, description: string): TObject<P> =>
  Type.Object(properties, { additionalProperties: false, default: {}, description });

export const RequestTransformerConfigSchema = Type.Object(
  {
    http_method: orNull(Type.String({ pattern: '^[A-Z]+$', 'x-message': 'must be an HTTP method in upper case, such as "GET" or "POST"' }), {
      description: 'Change the method of the upstream request. Changing it to `GET`, `HEAD` or `TRACE` also moves the fields of a url-encoded form body into the query string.',
    }),
    remove: section(
      {
        body: list('Body fields to remove (JSON objects and url-encoded forms).'),
        headers: list('Headers to remove.'),
        querystring: list('Query string parameters to remove.'),
      },
      'Names to remove (the first step).',
    ),
    rename: section(
      {
        body: list('`old:new` pairs: body fields to rename, when present.'),
        headers: list('`old:new` pairs: headers to rename, when present.'),
        querystring: list('`old:new` pairs: query string parameters to rename, when present.'),
      },
      'Renames, as `old:new` (the second step).',
    ),
    replace: section(
      {
        body: list('`name:value` pairs: body fields to set, only when already present.'),
        headers: list('`name:value` pairs: headers to set, only when already present.'),
        querystring: list('`name:value` pairs: query string parameters to set, only when already present.'),
        uri: orNull(Type.String({ pattern: '^/', 'x-message': 'must be a path starting with "/"' }), {
          description: 'Replace the whole upstream path (the query string is kept).',
        }),
      },
      'Replacements, as `name:value`, applied only to what the request already has (the third step).',
    ),
    add: section(
      {
        body: list('`name:value` pairs: body fields to set, only when absent.'),
        headers: list('`name:value` pairs: headers to set, only when absent.'),
        querystring: list('`name:value` pairs: query string parameters to set, only when absent.'),
      },
      'Additions, as `name:value`, applied only to what the request does not have (the fourth step).',
    ),
    append: section(
      {
        body: list('`name:value` pairs: values to add to body fields (a present field becomes an array of its values).'),
        headers: list('`name:value` pairs: values to add to headers (a present header is sent once per value).'),
        querystring: list('`name:value` pairs: values to add to query string parameters (repeated when present).'),
      },
      'Appends, as `name:value`, adding a value next to any present ones (the last step).',
    ),
  },
  { additionalProperties: false },
);

export type RequestTransformerConfig = Static<typeof RequestTransformerConfigSchema>;
