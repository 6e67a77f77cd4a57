import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigError, ConfigErrorCode, JsonPath, SourcePosition } from '../errors.js';

/** Alias expansion budget: enough for real configs, far below an alias bomb. */
export const DEFAULT_MAX_ALIAS_COUNT = 1000;

/** Finds the source position of a JSON path, for error messages. */
export type Locator = (path: JsonPath, key?: boolean) => SourcePosition | undefined;

export type ParsedDocument =
  | { ok: true; data: unknown; locate: Locator }
  | { ok: false; errors: ConfigError[] };

const YAML_CODES: Record<string, ConfigErrorCode> = {
  DUPLICATE_KEY: 'GW_ERR_CONFIG_DUPLICATE_KEY',
};

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function makeLocator(doc: Document, lines: LineCounter, file: string | undefined): Locator {
  const at = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return file === undefined ? { line, col } : { file, line, col };
  };
  return (path, key = false) => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    let lastGood: unknown = node;
    for (const seg of path) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else {
        break;
      }
      if (node === undefined || node === null) break;
      lastGood = node;
    }
    const target = (key && keyNode) || (node ?? keyNode) || lastGood;
    const range = (target as Node | undefined)?.range;
    return range ? at(range[0]) : undefined;
  };
}

/**
 * Parses YAML (and therefore JSON) with positions. Duplicate keys, syntax errors and alias
 * bombs are errors with line:col; nothing is silently dropped.
 */
export function parseConfigDocument(
  text: string,
  file: string | undefined,
  maxAliasCount = DEFAULT_MAX_ALIAS_COUNT,
): ParsedDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, strict: true, merge: true });
  const position = (p: { line: number; col: number } | undefined): { position?: SourcePosition } =>
    p === undefined ? {} : { position: file === undefined ? { line: p.line, col: p.col } : { file, line: p.line, col: p.col } };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        code: YAML_CODES[e.code] ?? 'GW_ERR_CONFIG_SYNTAX',
        path: [],
        message: e.code === 'DUPLICATE_KEY' ? 'duplicate key: each key may appear once in a mapping' : `YAML syntax error: ${firstLine(e.message)}`,
        ...position(e.linePos?.[0]),
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const aliasBomb = /alias/i.test(message);
    return {
      ok: false,
      errors: [
        {
          code: aliasBomb ? 'GW_ERR_CONFIG_ALIAS_LIMIT' : 'GW_ERR_CONFIG_SYNTAX',
          path: [],
          message: aliasBomb
            ? `YAML aliases expand too far (limit ${maxAliasCount} alias uses); write the repeated parts out or reduce the aliases`
            : `YAML error: ${firstLine(message)}`,
          ...(file === undefined ? {} : { position: { file, line: 1, col: 1 } }),
        },
      ],
    };
  }
  return { ok: true, data, locate: makeLocator(doc, lines, file) };
}
