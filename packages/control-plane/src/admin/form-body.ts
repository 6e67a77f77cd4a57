// Kong's form bodies (`curl -d name=x -d paths[]=/a -d config.minute=5`): keys with dots nest,
// `[]` appends and `[n]` indexes arrays, a repeated key makes an array. Values are strings on
// the wire, so each one is typed by the field's JSON Schema (integer, number, boolean, array,
// an empty value = null), as Kong infers them from its schema.

type Schema = Record<string, unknown>;
type Node = Record<string, unknown>;

const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function types(schema: Schema | undefined): string[] {
  const t = schema?.['type'];
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

function subSchema(schema: Schema | undefined, key: string | number): Schema | undefined {
  if (!schema) return undefined;
  if (typeof key === 'number') return isObject(schema['items']) ? schema['items'] : undefined;
  const props = schema['properties'];
  if (isObject(props) && isObject(props[key])) return props[key];
  const extra = schema['additionalProperties'] ?? schema['patternProperties'];
  if (isObject(extra) && 'type' in extra) return extra;
  return undefined;
}

/** `a.b[]` → ['a', 'b', 'push']; `paths[2]` → ['paths', 2]. */
function splitKey(key: string): (string | number | 'push')[] {
  const out: (string | number | 'push')[] = [];
  for (const part of key.split('.')) {
    const match = /^([^[\]]*)((?:\[\d*\])*)$/.exec(part);
    if (!match) {
      out.push(part);
      continue;
    }
    if (match[1] !== '') out.push(match[1]!);
    for (const index of match[2]!.match(/\[(\d*)\]/g) ?? []) {
      const digits = index.slice(1, -1);
      out.push(digits === '' ? 'push' : Number(digits));
    }
  }
  return out;
}

function assign(root: Node, key: string, value: string): void {
  const parts = splitKey(key);
  let node: Record<string | number, unknown> = root;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const nextIsArray = !last && (parts[i + 1] === 'push' || typeof parts[i + 1] === 'number');
    if (part === 'push') {
      const list = node as unknown as unknown[];
      if (last) list.push(value);
      else {
        const child = nextIsArray ? [] : {};
        list.push(child);
        node = child as Record<string | number, unknown>;
      }
      return;
    }
    if (last) {
      const existing = node[part];
      node[part] = existing === undefined ? value : Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
      return;
    }
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = nextIsArray ? [] : {};
    node = node[part] as Record<string | number, unknown>;
  });
}

function coerce(value: unknown, schema: Schema | undefined, resolve: SchemaResolver, path: (string | number)[]): unknown {
  const resolved = resolve(path) ?? schema;
  const allowed = types(resolved);
  if (typeof value === 'string') {
    if (value === '' && (allowed.includes('null') || allowed.length === 0)) return null;
    if (allowed.includes('array')) return [coerce(value, subSchema(resolved, 0), resolve, [...path, 0])];
    if ((allowed.includes('integer') || allowed.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    if (allowed.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => coerce(v, subSchema(resolved, i), resolve, [...path, i]));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(v, subSchema(resolved, k), resolve, [...path, k])]));
  }
  return value;
}

/** A schema for a path that the entity schema leaves open (a plugin's config). */
export type SchemaResolver = (path: readonly (string | number)[]) => Schema | undefined;

/** Form fields → a typed entity body. */
export function formToBody(text: string, schema: Schema, resolve: (body: Node) => SchemaResolver): Node {
  const raw: Node = {};
  for (const [key, value] of new URLSearchParams(text)) assign(raw, key, value);
  const resolver = resolve(raw);
  return coerce(raw, schema, resolver, []) as Node;
}
