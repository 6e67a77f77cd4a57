/**
 * TypeBox helpers for plugin config schemas, in Kong's vocabulary. Every field carries a
 * `description` (it becomes the docs table) and Kong's default where Kong has one.
 */
import { Type } from '@sinclair/typebox';
import type { SchemaOptions, Static, TSchema } from '@sinclair/typebox';

/**
 * A value or null (Kong's optional fields, default null), written as a JSON Schema type list
 * (`type: [T, "null"]`) rather than anyOf, so a wrong value gets one clear error.
 */
export const orNull = <T extends TSchema>(schema: T, options: SchemaOptions = {}) => {
  const base = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: [base.type, 'null'], default: null });
};

/** An enum of strings, as a plain JSON Schema `enum`. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: SchemaOptions = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** Kong's array of strings with a default. */
export const StringArray = (options: SchemaOptions & { default?: string[] } = {}) => Type.Array(Type.String({ minLength: 1 }), options);

/** HTTP methods Kong accepts in plugin configs. */
export const HTTP_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'] as const;

/** An HTTP header name (RFC 9110 token). */
export const HeaderName = Type.String({ minLength: 1, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" });
