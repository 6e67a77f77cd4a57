/**
 * Config errors: every problem names a stable code, the place in the document (a JSON path
 * such as `routes[3].paths[0]`) and, when the config came from a file, the line and column.
 */

/** Every config error code with what it means; the docs' error table is generated from it. */
export const CONFIG_ERROR_CODES = {
  GW_ERR_CONFIG_READ: 'The config file could not be read (missing, a directory, or no permission).',
  GW_ERR_CONFIG_TOO_LARGE: 'The config is over the size limit (64 MiB by default).',
  GW_ERR_CONFIG_ENCODING: 'The file is not valid UTF-8; the error gives the line:col of the first bad byte.',
  GW_ERR_CONFIG_SYNTAX: 'YAML or JSON syntax error, with line:col.',
  GW_ERR_CONFIG_DUPLICATE_KEY: 'A key appears twice in one mapping.',
  GW_ERR_CONFIG_ALIAS_LIMIT: 'YAML aliases expand beyond the limit (a "billion laughs" document).',
  GW_ERR_CONFIG_FORMAT_VERSION: '_format_version is missing or not "3.0".',
  GW_ERR_CONFIG_UNKNOWN_ENTITY: 'A top-level key names no entity type.',
  GW_ERR_CONFIG_UNKNOWN_FIELD: 'An entity or plugin config has a field its schema does not define.',
  GW_ERR_CONFIG_SCHEMA: 'A field has the wrong type, is out of range, is not an allowed value, or is missing.',
  GW_ERR_CONFIG_UNKNOWN_PLUGIN: 'A plugin name is not registered on this node.',
  GW_ERR_CONFIG_PLUGIN_CONFIG: "A plugin's config fails that plugin's schema or checks.",
  GW_ERR_CONFIG_PLUGIN_SCOPE: 'A plugin is attached where it cannot run, e.g. an authentication plugin attached to a consumer (Kong\'s no_consumer).',
  GW_ERR_CONFIG_UNIQUE: 'An id, name or other unique field is used twice.',
  GW_ERR_CONFIG_REFERENCE: 'A reference names no existing entity, or a required reference is missing.',
  GW_ERR_CONFIG_ROUTE: 'A route cannot match as written (no matching fields, bad host, path or regex).',
  GW_ERR_CONFIG_UPSTREAM: 'Upstream hashing settings are incomplete or contradict each other.',
  GW_ERR_CONFIG_CERTIFICATE: 'A certificate or key does not parse, the key does not match, or a CA certificate lacks the CA constraint.',
  GW_ERR_CONFIG_INVALID: 'Thrown by APIs that return one result: carries the full list of errors above.',
} as const;

export type ConfigErrorCode = Exclude<keyof typeof CONFIG_ERROR_CODES, 'GW_ERR_CONFIG_INVALID'>;

export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

export interface SourcePosition {
  file?: string;
  line: number;
  col: number;
}

export interface ConfigError {
  code: ConfigErrorCode;
  /** Where in the document, as segments: ['routes', 3, 'paths', 0]. Empty for the whole file. */
  path: JsonPath;
  message: string;
  position?: SourcePosition;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['services', 0, 'routes', 2, 'paths', 0]` → `services[0].routes[2].paths[0]`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function formatPosition(pos: SourcePosition): string {
  return pos.file === undefined ? `${pos.line}:${pos.col}` : `${pos.file}:${pos.line}:${pos.col}`;
}

/** One line per error: `routes[3].paths[0] (kong.yml:41:9): must start with "/" or "~"`. */
export function formatConfigError(err: ConfigError): string {
  const where = formatPath(err.path);
  const pos = err.position === undefined ? '' : formatPosition(err.position);
  if (where !== '' && pos !== '') return `${where} (${pos}): ${err.message}`;
  if (where !== '') return `${where}: ${err.message}`;
  if (pos !== '') return `${pos}: ${err.message}`;
  return err.message;
}

/** Compares two paths by where they appear in the document (see documentOrder). */
export type PathOrder = (a: JsonPath, b: JsonPath) => number;

/** Errors in document order: by position when known, else by `order` over their paths. */
export function sortConfigErrors(errors: ConfigError[], order?: PathOrder): ConfigError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const pa = a.e.position;
      const pb = b.e.position;
      if (pa && pb && (pa.line !== pb.line || pa.col !== pb.col)) return pa.line - pb.line || pa.col - pb.col;
      if (pa && !pb) return -1;
      if (!pa && pb) return 1;
      return (order?.(a.e.path, b.e.path) ?? 0) || a.i - b.i;
    })
    .map(({ e }) => e);
}

/**
 * Document order for plain data (no positions): at the first segment where two paths part,
 * the one whose key comes first in that mapping (or whose index is lower) comes first.
 */
export function documentOrder(doc: unknown): PathOrder {
  const rank = (node: unknown, seg: PathSegment): number => {
    if (typeof seg === 'number') return seg;
    if (typeof node !== 'object' || node === null) return 0;
    const i = Object.keys(node).indexOf(seg);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return (a, b) => {
    let node: unknown = doc;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return rank(node, a[i]!) - rank(node, b[i]!);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(a[i])] : undefined;
    }
    return a.length - b.length;
  };
}

/** Thrown by APIs that return a single result: carries the full list. */
export class ConfigValidationError extends Error {
  readonly code = 'GW_ERR_CONFIG_INVALID';
  readonly errors: readonly ConfigError[];
  constructor(errors: readonly ConfigError[]) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(`invalid declarative config: ${first ? formatConfigError(first) : 'unknown error'}${more}`);
    this.name = 'ConfigValidationError';
    this.errors = errors;
  }
}
