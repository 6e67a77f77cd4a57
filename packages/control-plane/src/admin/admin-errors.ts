// Errors of the Admin API. Every error a client can meet has a stable code (logged with the
// request and listed in ADMIN_ERROR_CODES for the docs), an HTTP status, and a body in Kong's
// shape: `{ message, name, code, fields }` for Kong's DAO errors (numeric Kong codes), plain
// `{ message }` for the others.

/** Every Admin API error code: its HTTP status and what it means. The docs' table is built from it. */
export const ADMIN_ERROR_CODES = {
  GW_ERR_ADMIN_UNAUTHORIZED: { status: 401, description: 'The Kong-Admin-Token header (or Authorization: Bearer) is missing or wrong.' },
  GW_ERR_ADMIN_NOT_FOUND: { status: 404, description: 'No such endpoint, or no entity with that id or name.' },
  GW_ERR_ADMIN_METHOD_NOT_ALLOWED: { status: 405, description: 'The endpoint exists but does not take this method.' },
  GW_ERR_ADMIN_SCHEMA_VIOLATION: { status: 400, description: 'An entity field is missing, unknown, of the wrong type or out of range (Kong code 2).' },
  GW_ERR_ADMIN_PRIMARY_KEY: { status: 400, description: 'POST with an id that is already used (Kong code 3).' },
  GW_ERR_ADMIN_FOREIGN_KEY: { status: 400, description: 'A reference names no entity, or a delete would leave references dangling (Kong code 4).' },
  GW_ERR_ADMIN_UNIQUE_VIOLATION: { status: 409, description: 'A name, key or other unique field is already used (Kong code 5).' },
  GW_ERR_ADMIN_INVALID_OFFSET: { status: 400, description: 'The list offset is not one this API handed out (Kong code 7).' },
  GW_ERR_ADMIN_INVALID_SIZE: { status: 400, description: 'The list size is not an integer from 1 to 1000 (Kong code 9).' },
  GW_ERR_ADMIN_INVALID_CONFIG: { status: 400, description: 'The declarative config (or the config an edit would produce) is invalid; every error is listed (Kong code 14).' },
  GW_ERR_ADMIN_EMPTY_CONFIG: { status: 409, description: 'An empty config would replace a non-empty one; repeat with ?force=1 to mean it.' },
  GW_ERR_ADMIN_REDACTED_SECRET: { status: 400, description: 'The config holds redaction markers from GET /config; export it with ?include_secrets=1.' },
  GW_ERR_ADMIN_BAD_BODY: { status: 400, description: 'The body is not valid JSON, form data or YAML, or lacks the declarative config.' },
  GW_ERR_ADMIN_BAD_REQUEST: { status: 400, description: 'A path or query parameter is malformed (e.g. a rollback version that is not a number).' },
  GW_ERR_ADMIN_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The Content-Type is not JSON, form-urlencoded or YAML.' },
  GW_ERR_ADMIN_BODY_TOO_LARGE: { status: 413, description: 'The request body is over the Admin API body limit.' },
  GW_ERR_ADMIN_VERSION_NOT_FOUND: { status: 404, description: 'Rollback to a version that was never stored or is no longer retained.' },
  GW_ERR_ADMIN_CONFLICT: { status: 409, description: 'The config changed meanwhile (another control plane wrote); retry the request.' },
  GW_ERR_ADMIN_STORE: { status: 500, description: 'The config store failed (disk full, permissions ...); the log has the cause.' },
  GW_ERR_ADMIN_INTERNAL: { status: 500, description: 'An unexpected error; the log has the cause.' },
  GW_ERR_ADMIN_TOKEN_REQUIRED: { status: 0, description: 'At start: the Admin API listens beyond loopback but no admin token is set (GATEHOUSE_ADMIN_TOKEN).' },
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERROR_CODES;

/** Kong's numeric DAO error codes and names (kong/db/errors.lua). */
export const KONG_ERRORS = {
  schema: { code: 2, name: 'schema violation' },
  primaryKey: { code: 3, name: 'primary key violation' },
  foreignKey: { code: 4, name: 'foreign key violation' },
  unique: { code: 5, name: 'unique constraint violation' },
  invalidOffset: { code: 7, name: 'invalid offset' },
  invalidSize: { code: 9, name: 'invalid size' },
  declarative: { code: 14, name: 'invalid declarative configuration' },
} as const;

export class AdminError extends Error {
  readonly code: AdminErrorCode;
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;

  constructor(code: AdminErrorCode, body: Record<string, unknown> & { message: string }, options?: { cause?: unknown }) {
    super(body.message, options);
    this.name = 'AdminError';
    this.code = code;
    this.status = ADMIN_ERROR_CODES[code].status;
    this.body = body;
  }
}

export function isAdminError(err: unknown): err is AdminError {
  return err instanceof AdminError;
}

function kongError(code: AdminErrorCode, kind: keyof typeof KONG_ERRORS, message: string, fields?: unknown): AdminError {
  const { code: kongCode, name } = KONG_ERRORS[kind];
  return new AdminError(code, { message, name, code: kongCode, ...(fields === undefined ? {} : { fields }) });
}

/** Lua-table notation as Kong prints keys in messages: `{name="x"}`, `{upstream={id="..."},target="a:1"}`. */
export function luaPretty(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaPretty).join(',')}}`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${k}=${luaPretty(v)}`).join(',')}}`;
}

export const notFound = (): AdminError => new AdminError('GW_ERR_ADMIN_NOT_FOUND', { message: 'Not found' });

export const methodNotAllowed = (): AdminError => new AdminError('GW_ERR_ADMIN_METHOD_NOT_ALLOWED', { message: 'Method not allowed' });

export const unauthorized = (): AdminError =>
  new AdminError('GW_ERR_ADMIN_UNAUTHORIZED', { message: 'Invalid credentials. Token or User credentials required' });

/** Kong's schema violation: "schema violation (host: required field missing)" or "2 schema violations (...)". */
export function schemaViolation(fields: Record<string, unknown>, lines: readonly string[]): AdminError {
  const message = lines.length === 1 ? `schema violation (${lines[0]})` : `${lines.length} schema violations (${lines.join('; ')})`;
  return kongError('GW_ERR_ADMIN_SCHEMA_VIOLATION', 'schema', message, fields);
}

export function uniqueViolation(key: Record<string, unknown>): AdminError {
  return kongError('GW_ERR_ADMIN_UNIQUE_VIOLATION', 'unique', `UNIQUE violation detected on '${luaPretty(key)}'`, key);
}

export function primaryKeyViolation(id: string): AdminError {
  return kongError('GW_ERR_ADMIN_PRIMARY_KEY', 'primaryKey', `primary key violation on key '${luaPretty({ id })}'`, { id });
}

/** A reference in the written entity names no entity. */
export function foreignKeyInvalid(field: string, value: unknown, parentType: string): AdminError {
  const message = `the foreign key '${luaPretty(value)}' does not reference an existing '${parentType}' entity.`;
  return kongError('GW_ERR_ADMIN_FOREIGN_KEY', 'foreignKey', message, { [field]: value });
}

/** A delete that Kong restricts: another entity still references this one. */
export function foreignKeyRestricted(parentType: string, childType: string): AdminError {
  const message = `an existing '${childType}' entity references this '${parentType}' entity`;
  return kongError('GW_ERR_ADMIN_FOREIGN_KEY', 'foreignKey', message, { '@referenced_by': childType });
}

export function invalidSize(message: string): AdminError {
  return kongError('GW_ERR_ADMIN_INVALID_SIZE', 'invalidSize', message);
}

export function invalidOffset(offset: string, why: string): AdminError {
  return kongError('GW_ERR_ADMIN_INVALID_OFFSET', 'invalidOffset', `'${offset}' is not a valid offset: ${why}`);
}

/** Kong's "declarative config is invalid" plus Gatehouse's complete, placed error list. */
export function invalidConfig(message: string, fields: unknown, errors: readonly unknown[]): AdminError {
  const { code, name } = KONG_ERRORS.declarative;
  return new AdminError('GW_ERR_ADMIN_INVALID_CONFIG', { message, name, code, fields, errors });
}

export function badBody(message: string): AdminError {
  return new AdminError('GW_ERR_ADMIN_BAD_BODY', { message });
}

export function bodyTooLarge(limit: number): AdminError {
  return new AdminError('GW_ERR_ADMIN_BODY_TOO_LARGE', { message: `request body too large (limit ${limit} bytes)` });
}

export function unexpected(code: 'GW_ERR_ADMIN_STORE' | 'GW_ERR_ADMIN_INTERNAL', cause: unknown): AdminError {
  return new AdminError(code, { message: 'An unexpected error occurred' }, { cause });
}

/** Thrown by createAdminApi: a non-loopback listener without a token would leave the config open to the network. */
export function tokenRequiredError(): AdminError {
  return new AdminError('GW_ERR_ADMIN_TOKEN_REQUIRED', {
    message:
      'the Admin API would listen on a non-loopback address without a token; set GATEHOUSE_ADMIN_TOKEN ' +
      '(clients send it as Kong-Admin-Token or Authorization: Bearer) or set admin_listen to 127.0.0.1 / [::1] only',
  });
}
