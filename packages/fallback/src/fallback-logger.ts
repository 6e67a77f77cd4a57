// The slice of pino's logger this package uses: object first, then the message. A pino child
// logger fits as is (`logger.child({ component: 'fallback' })`).

export interface FallbackLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => {};

export const silentLogger: FallbackLogger = { debug: noop, info: noop, warn: noop, error: noop };
