import { Type } from '@sinclair/typebox';
import type { SchemaOptions, Static, TSchema } from '@sinclair/typebox';

/**
 * Schema building blocks shared by the entity schemas. Every property of a normalised entity
 * is present: optional fields default to null, so the canonical form (and its hash) never
 * depends on whether a field was written out as null or left out.
 */

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** `T | null` expressed with a type list (not anyOf), so validation errors stay readable. */
export function Nullable<T extends TSchema>(schema: T, options: SchemaOptions = {}) {
  const base = schema as unknown as { type?: string; enum?: unknown[] };
  const nullable: Record<string, unknown> = { ...schema, ...options, type: [base.type, 'null'], default: null };
  if (base.enum) nullable['enum'] = [...base.enum, null];
  return Type.Unsafe<Static<T> | null>(nullable);
}

/** A string enum as a plain JSON Schema enum (one readable error instead of an anyOf list). */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Id = Nullable(Type.String({ pattern: UUID_PATTERN, 'x-message': 'must be a UUID' }), {
  description: 'UUID; derived from the name when absent',
});

export const Tags = Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^,\\s]+$' }), { uniqueItems: true }));

/** Kong's name type: letters, digits and `.-_~`. */
export const Name = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[\\w.~-]+$',
  'x-message': 'may contain only letters, digits and . - _ ~',
});

/**
 * A reference to another entity. In the file: a name or id string, or `{ id }` / `{ name }`.
 * Normalised: `{ id }` or null.
 */
export function ForeignKey(description: string) {
  return Type.Unsafe<{ id: string } | null>({
    type: ['string', 'object', 'null'],
    default: null,
    description,
    minLength: 1,
    properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 } },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    'x-message': 'must be a name or an id, or an object with exactly one of id or name',
  });
}


export const Port = Type.Integer({ minimum: 0, maximum: 65535 });
export const Timeout = Type.Integer({ minimum: 1, maximum: 2147483646, default: 60000 });
export const HttpStatus = Type.Integer({ minimum: 100, maximum: 999 });
