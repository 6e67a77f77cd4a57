/**
 * docs/entities.md, generated from the entity schemas: every field Kong's declarative format
 * allows for each entity type, with its type and default, where it nests and what it
 * references. A test keeps the file current.
 */
import { ENTITIES, ENTITY_TYPES } from '../schema/entities.js';
import { FIELD_TABLE_HEADER, schemaFieldRows } from './schema-table.js';

export function renderEntitiesDoc(): string {
  const sections = ENTITY_TYPES.map((type) => {
    const def = ENTITIES[type];
    const nested = Object.keys(def.nested).map((key) => `\`${key}\``);
    const refs = Object.entries(def.refs).map(([field, ref]) => `\`${field}\` → ${ref.type}${ref.required ? ' (required)' : ''}`);
    const unique = def.unique.map((fields) => fields.map((f) => `\`${f}\``).join(' + '));
    const facts = [
      def.nameField ? `- Referenced by id or by \`${def.nameField}\`.` : '- Referenced by id.',
      nested.length > 0 ? `- May nest: ${nested.join(', ')}.` : '',
      refs.length > 0 ? `- References: ${refs.join('; ')}.` : '',
      unique.length > 0 ? `- Unique: ${unique.join('; ')} (and \`id\`).` : '- Unique: `id`.',
    ].filter((l) => l !== '');
    return [`## ${type}`, '', ...facts, '', ...FIELD_TABLE_HEADER, ...schemaFieldRows(def.schema), ''].join('\n');
  });
  return [
    '# Declarative config: entity reference',
    '',
    '<!-- Generated from the entity schemas by `UPDATE_DOCS=1 npm test -w @gatehouse/config`; do not edit by hand. -->',
    '',
    'Every entity type of Kong\'s declarative format (`_format_version: "3.0"`) that Gatehouse accepts, with every field, its type',
    'and its default. A missing `id` is derived from the entity\'s identity (UUID v5), so the same file always gets the same ids.',
    'See [declarative-config.md](declarative-config.md) for the format and [plugins/](plugins/README.md) for plugin configs.',
    '',
    ...sections,
  ].join('\n');
}
