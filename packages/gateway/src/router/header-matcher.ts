// Header conditions as Kong 3.x: header names are ANDed, the values of one name ORed; values
// compare without regard to case; a value starting with `~*` is a regex (Kong 3.x), searched
// anywhere in the request value (not anchored). A request header sent several times matches
// when any one of its values does.
// Deviation: Kong lower-cases both the pattern and the value before a regex search; we compile
// the pattern with the `i` flag instead, which agrees except that lower-casing would have
// turned escapes such as `\D` or `\S` into `\d` / `\s`.

export interface HeaderCondition {
  /** Lower-case header name. */
  readonly name: string;
  /** Lower-case literal values. */
  readonly literals: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
}

export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface HeaderCompileProblem {
  field: string;
  value: unknown;
  problem: string;
  cause?: unknown;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** Compiles a route's `headers`; returns the conditions or the first problem found. */
export function compileHeaders(
  headers: Readonly<Record<string, readonly string[]>>,
): HeaderCondition[] | HeaderCompileProblem {
  const out: HeaderCondition[] = [];
  for (const [rawName, values] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    const field = `headers.${rawName}`;
    if (!TOKEN.test(name)) return { field, value: rawName, problem: 'is not a valid header name' };
    if (name === 'host') {
      return { field, value: rawName, problem: 'cannot match the Host header; use "hosts" instead' };
    }
    if (!Array.isArray(values) || values.length === 0) {
      return { field, value: values, problem: 'must list at least one value' };
    }
    const literals = new Set<string>();
    const patterns: RegExp[] = [];
    for (const [j, value] of values.entries()) {
      if (typeof value !== 'string') {
        return { field: `${field}[${j}]`, value, problem: 'must be a string' };
      }
      if (value.startsWith('~*')) {
        try {
          patterns.push(new RegExp(value.slice(2), 'i'));
        } catch (cause) {
          return {
            field: `${field}[${j}]`,
            value,
            problem: `is not a valid regex after "~*" (${(cause as Error).message}); fix it, or drop "~*" to match the text literally`,
            cause,
          };
        }
      } else {
        literals.add(value.toLowerCase());
      }
    }
    out.push({ name, literals, patterns });
  }
  return out;
}

function valueMatches(cond: HeaderCondition, value: string): boolean {
  if (cond.literals.has(value.toLowerCase())) return true;
  for (const re of cond.patterns) if (re.test(value)) return true;
  return false;
}

export function headersMatch(conds: readonly HeaderCondition[], headers: RequestHeaders): boolean {
  for (const cond of conds) {
    const v = headers[cond.name];
    if (v === undefined) return false;
    if (typeof v === 'string') {
      if (!valueMatches(cond, v)) return false;
    } else {
      let any = false;
      for (const one of v) {
        if (valueMatches(cond, one)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
  }
  return true;
}
