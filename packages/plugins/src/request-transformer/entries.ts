/**
 * Kong's `name:value` entries: parsed once per config snapshot into a plan, and checked when
 * the config loads (with messages that quote the entry).
 */
import type { RequestTransformerConfig } from './schema.js';

export interface Entry {
  readonly name: string;
  /** Null for an entry without a value (`name` or `name:`). */
  readonly value: string | null;
}

/** The operations of one target (headers, querystring or body), in Kong's order. */
export interface Operations {
  readonly remove: readonly string[];
  readonly rename: readonly { readonly from: string; readonly to: string }[];
  readonly replace: readonly Entry[];
  readonly add: readonly Entry[];
  readonly append: readonly Entry[];
  readonly any: boolean;
}

export type Target = 'headers' | 'querystring' | 'body';
type Action = 'remove' | 'rename' | 'replace' | 'add' | 'append';
const PAIRED: readonly Action[] = ['rename', 'replace', 'add', 'append'];
const TARGETS: readonly Target[] = ['headers', 'querystring', 'body'];

/** Kong's split: the name runs to the first colon; every colon right after it is dropped. */
export function parseEntry(entry: string): Entry {
  const colon = entry.indexOf(':');
  if (colon < 0) return { name: entry, value: null };
  const value = entry.slice(colon + 1).replace(/^:+/, '');
  return { name: entry.slice(0, colon), value: value === '' ? null : value };
}

export function operationsFor(config: RequestTransformerConfig, target: Target, lowerNames: boolean): Operations {
  const name = (n: string) => (lowerNames ? n.toLowerCase() : n);
  const pairs = (list: readonly string[]) =>
    list
      .map(parseEntry)
      .filter((e) => e.value !== null) // Kong's "name:" sets nothing
      .map((e) => ({ name: name(e.name), value: e.value }));
  const ops = {
    remove: config.remove[target].map(name),
    rename: config.rename[target].map(parseEntry).map((e) => ({ from: name(e.name), to: name(e.value ?? e.name) })),
    replace: pairs(config.replace[target]),
    add: pairs(config.add[target]),
    append: pairs(config.append[target]),
  };
  return { ...ops, any: Object.values(ops).some((list) => list.length > 0) };
}

/** Kong's header-name rule for this plugin: letters, digits, `-` and `_`. */
const HEADER_NAME = /^[A-Za-z0-9_-]+$/;
const TEMPLATE = /\$\(.*\)/s;
const TEMPLATE_MESSAGE = 'templates such as $(headers.x-name) are not supported by Gatehouse; use a literal value';

type Problem = { path: (string | number)[]; message: string };

export function checkEntries(config: RequestTransformerConfig): Problem[] {
  const problems: Problem[] = [];
  const header = (path: (string | number)[], entry: string, name: string, role: string) => {
    if (!HEADER_NAME.test(name)) {
      problems.push({ path, message: `"${entry}": ${role} "${name}" is not a valid header name (allowed: letters, digits, "-" and "_")` });
    }
  };
  for (const target of TARGETS) {
    config.remove[target].forEach((entry, i) => {
      if (target === 'headers') header(['remove', target, i], entry, entry, 'header');
    });
    for (const action of PAIRED) {
      config[action][target].forEach((entry, i) => {
        const path = [action, target, i];
        const shape = action === 'rename' ? '"old_name:new_name"' : '"name:value"';
        const colon = entry.indexOf(':');
        if (colon < 0) {
          problems.push({ path, message: `"${entry}" has no ${action === 'rename' ? 'new name' : 'value'}: write it as ${shape}` });
          return;
        }
        if (colon === 0) {
          problems.push({ path, message: `"${entry}" has no name before the colon: write it as ${shape}` });
          return;
        }
        const { name, value } = parseEntry(entry);
        if (action === 'rename' && value === null) {
          problems.push({ path, message: `"${entry}" has no new name after the colon: write it as ${shape}` });
          return;
        }
        if (target === 'headers') {
          header(path, entry, name, 'header');
          if (action === 'rename' && value !== null) header(path, entry, value, 'new header');
        }
        if (action !== 'rename' && value !== null && TEMPLATE.test(value)) problems.push({ path, message: `"${entry}": ${TEMPLATE_MESSAGE}` });
      });
    }
  }
  const uri = config.replace.uri;
  if (uri !== null && TEMPLATE.test(uri)) problems.push({ path: ['replace', 'uri'], message: TEMPLATE_MESSAGE });
  return problems;
}
