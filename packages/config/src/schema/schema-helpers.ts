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

/** The same schema with a field's own description (for building blocks shared by several fields). */
export function Describe<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

export const Id = Nullable(Type.String({ pattern: UUID_PATTERN, 'x-message': 'must be a UUID' }), {
  description:
    'The entity\'s UUID; when absent, a UUID v5 is derived from what identifies the entity (never its position), so the same file always yields the same id.',
});

export const Tags = Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^,\\s]+$' }), { uniqueItems: true }), {
  description:
    'Labels for grouping and filtering (no commas or whitespace, up to 128 characters each); Gatehouse acts on them only in the Admin API\'s `?tags=` filter.',
});

/** Kong's name type: letters, digits and `.-_~`. */
export const Name = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[\\w.~-]+$',
  'x-message': 'may contain only letters, digits and . - _ ~',
});

/**
 * A reference to another entity. In the file: a name or id string, or `{ id }` / `{ name }`.
 * Normalised: `{ id }` or null. `nameField` says, for the docs, which field of the referenced
 * type `name` matches (a consumer's `username`); null for types without one (certificates).
 */
export function ForeignKey(description: string, nameField: string | null = 'name') {
  const byName =
    nameField === null
      ? 'Not usable here: the referenced type has no name, so only an id resolves.'
      : `The referenced entity's \`${nameField}\`, instead of its id.`;
  return Type.Unsafe<{ id: string } | null>({
    type: ['string', 'object', 'null'],
    default: null,
    description,
    minLength: 1,
    properties: {
      id: { type: 'string', minLength: 1, description: 'The referenced entity\'s id.' },
      name: { type: 'string', minLength: 1, description: byName },
    },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    'x-message': 'must be a name or an id, or an object with exactly one of id or name',
  });
}


export const Port = Type.Integer({ minimum: 0, maximum: 65535 });
export const Timeout = Type.Integer({ minimum: 1, maximum: 2147483646, default: 60000 });
export const HttpStatus = Type.Integer({ minimum: 100, maximum: 999 });
