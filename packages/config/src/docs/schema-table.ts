/**
 * Field tables for docs, generated from JSON Schemas (TypeBox): one row per field with its
 * type, default and description, nested objects flattened with dotted names. Used for the
 * entity reference and the plugin pages, so the docs state what the validator enforces.
 */
interface SchemaNode {
  type?: string | string[];
  anyOf?: SchemaNode[];
  enum?: unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.type === 'array') return `array of ${node.items ? typeOf(node.items) : 'any'}`;
  if (Array.isArray(node.type)) return node.type.map((t) => (t === 'array' && node.items ? `array of ${typeOf(node.items)}` : t)).join(' or ');
  const base = node.type ?? 'any';
  const range = node.minimum !== undefined || node.maximum !== undefined ? ` (${node.minimum ?? ''}..${node.maximum ?? ''})` : '';
  return `${base}${range}`;
}

function defaultOf(node: SchemaNode, required: boolean): string {
  if (node.default !== undefined) return `\`${JSON.stringify(node.default)}\``;
  return required ? 'required' : '';
}

export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Rows for every field, nested objects flattened with dotted names (Kong's `config.remove.headers`). */
export function schemaFieldRows(schema: object, prefix = ''): string[] {
  const node = schema as SchemaNode;
  const out: string[] = [];
  const required = new Set(node.required ?? []);
  for (const [name, field] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${name}`;
    out.push(`| \`${path}\` | ${cell(field.properties ? 'object' : typeOf(field))} | ${cell(defaultOf(field, required.has(name)))} | ${cell(field.description ?? '')} |`);
    if (field.properties) out.push(...schemaFieldRows(field, `${path}.`));
  }
  return out;
}

/** The header of a field table. */
export const FIELD_TABLE_HEADER = ['| Field | Type | Default | Description |', '|---|---|---|---|'];
