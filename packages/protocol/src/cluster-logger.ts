/**
 * The logging surface the cluster code needs: pino's object-first call shape, so a pino
 * logger (or a fastify one) can be passed as is without this package depending on pino.
 */
export interface ClusterLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const ignore = (): void => {};

export const silentLogger: ClusterLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
