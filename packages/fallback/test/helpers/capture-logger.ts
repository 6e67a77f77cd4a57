// A logger that keeps every line as JSON text, the way pino would write it (errors serialised
// with message, stack and cause), so tests can assert on what reaches the log.
import type { FallbackLogger } from '../../src/index.js';

function serialise(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const fields: Record<string, unknown> = { type: value.name, message: value.message, stack: value.stack };
    for (const [k, v] of Object.entries(value)) fields[k] = depth < 5 ? serialise(v, depth + 1) : String(v);
    if (value.cause !== undefined && depth < 5) fields['cause'] = serialise(value.cause, depth + 1);
    return fields;
  }
  if (Array.isArray(value)) return value.map((v) => serialise(v, depth + 1));
  if (typeof value === 'object' && value !== null && depth < 8) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serialise(v, depth + 1)]));
  }
  return value;
}

export interface CaptureLogger extends FallbackLogger {
  readonly lines: string[];
  messages(level?: string): string[];
}

export function captureLogger(): CaptureLogger {
  const lines: string[] = [];
  const at = (level: string) => (obj: object, msg: string): void => {
    lines.push(JSON.stringify({ level, ...(serialise(obj) as object), msg }));
  };
  return {
    lines,
    debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'),
    messages(level) {
      return lines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => level === undefined || l.level === level).map((l) => l.msg);
    },
  };
}
