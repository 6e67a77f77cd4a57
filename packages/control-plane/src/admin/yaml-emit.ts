import { stringify } from 'yaml';

/**
 * A declarative config as YAML for GET /config. Emitting with YAML 1.1's rules quotes every
 * string that a 1.1 reader (many Kong tools) or a 1.2 reader (ours) would take for another
 * type (yes, on, 1e3, 2024-01-01...), so the text round-trips to the same canonical hash.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}
