/**
 * Config errors: every problem names a stable code, the place in the document (a JSON path
 * such as `routes[3].paths[0]`) and, when the config came from a file, the line and column.
 */

export type ConfigErrorCode =
  | 'GW_ERR_CONFIG_READ'
  | 'GW_ERR_CONFIG_TOO_LARGE'
  | 'GW_ERR_CONFIG_ENCODING'
  | 'GW_ERR_CONFIG_SYNTAX'
  | 'GW_ERR_CONFIG_DUPLICATE_KEY'
  | 'GW_ERR_CONFIG_ALIAS_LIMIT'
  | 'GW_ERR_CONFIG_FORMAT_VERSION'
  | 'GW_ERR_CONFIG_UNKNOWN_ENTITY'
  | 'GW_ERR_CONFIG_UNKNOWN_FIELD'
  | 'GW_ERR_CONFIG_SCHEMA'
  | 'GW_ERR_CONFIG_UNKNOWN_PLUGIN'
  | 'GW_ERR_CONFIG_PLUGIN_CONFIG'
  | 'GW_ERR_CONFIG_UNIQUE'
  | 'GW_ERR_CONFIG_REFERENCE'
  | 'GW_ERR_CONFIG_ROUTE'
  | 'GW_ERR_CONFIG_UPSTREAM'
  | 'GW_ERR_CONFIG_CERTIFICATE';

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

/** Errors in document order: by position when known, then by path. */
export function sortConfigErrors(errors: ConfigError[]): ConfigError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const pa = a.e.position;
      const pb = b.e.position;
      if (pa && pb && (pa.line !== pb.line || pa.col !== pb.col)) return pa.line - pb.line || pa.col - pb.col;
      if (pa && !pb) return -1;
      if (!pa && pb) return 1;
      return a.i - b.i;
    })
    .map(({ e }) => e);
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
