/**
 * The Compose Specification's JSON schema, as published on npm inside `dclint` (a Docker Compose
 * linter that ships the spec's `compose.schema.json`, draft-07), compiled with ajv. Nothing is
 * vendored: the schema is read from the installed package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The npm package that carries the schema, and the file inside it. */
export const COMPOSE_SCHEMA_PACKAGE = 'dclint';
const SCHEMA_FILE = 'schemas/compose.schema.json';

interface SchemaError {
  readonly keyword: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** ajv 8 */
  readonly instancePath?: string;
  /** ajv 6 (with jsonPointers) */
  readonly dataPath?: string;
}

type ValidateFunction = ((data: unknown) => boolean) & { errors?: readonly SchemaError[] | null };

interface AjvInstance {
  compile(schema: object): ValidateFunction;
}

type AjvConstructor = new (options: Readonly<Record<string, unknown>>) => AjvInstance;

// `require` from this file: resolves packages the way Node does for e2e (NODE_PATH included),
// and ajv's CommonJS export is its constructor in both major versions this repo may resolve
// (6, eslint's, hoisted to the root; 8 when declared by e2e).
const requireFromHere = createRequire(import.meta.url);

function readSchema(): object {
  let manifest: string;
  try {
    manifest = requireFromHere.resolve(`${COMPOSE_SCHEMA_PACKAGE}/package.json`);
  } catch (cause) {
    throw new Error(
      `the Compose Specification schema comes from the npm package "${COMPOSE_SCHEMA_PACKAGE}" (${SCHEMA_FILE}), which is not installed; ` +
        `add it to e2e's devDependencies and run npm install`,
      { cause },
    );
  }
  const schema = JSON.parse(readFileSync(join(dirname(manifest), SCHEMA_FILE), 'utf8')) as Record<string, unknown>;
  // "$schema" names https://json-schema.org/draft-07/schema, which ajv registers under its
  // http:// id only; the schema is draft-07 either way, ajv's default.
  const { $schema: _metaSchema, ...rest } = schema;
  return rest;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const Ajv = requireFromHere('ajv') as AjvConstructor;
  const { version } = requireFromHere('ajv/package.json') as { version: string };
  // ajv 8: strict off, as the spec uses annotations strict mode refuses ("deprecated").
  // ajv 6: JSON pointers for error places ("/services/cp"), as ajv 8 always gives.
  const options = Number(version.split('.')[0]) >= 7 ? { allErrors: true, strict: false } : { allErrors: true, jsonPointers: true };
  const ajv = new Ajv(options);
  compiled = ajv.compile(readSchema());
  return compiled;
}

/** "/services/dp1/healthcheck" -> "services.dp1.healthcheck"; "" -> "(top level)". */
function placeOf(error: SchemaError): string {
  const pointer = error.instancePath ?? error.dataPath ?? '';
  if (pointer === '') return '(top level)';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function describe(error: SchemaError): string {
  const { params } = error;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `unknown property "${params.additionalProperty}"`;
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return (error.message ?? error.keyword).replace(/^should /, 'must ');
}

/**
 * Checks a parsed compose file against the Compose Specification; one line per problem
 * ("services.dp1.healthcheck: unknown property "intervall""), none when it is valid.
 */
export function composeSchemaProblems(document: unknown): string[] {
  const validate = validator();
  if (validate(document)) return [];
  const lines = (validate.errors ?? []).map((error) => `${placeOf(error)}: ${describe(error)}`);
  return [...new Set(lines)];
}
