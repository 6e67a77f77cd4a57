// The node's pino logger with Gatehouse's log levels (Kong's names: notice between info and
// warn, crit above error), JSON lines on stdout, and secrets redacted wherever they appear.

import { pino } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from '@gatehouse/config';

export type NodeLogger = Logger<'notice' | 'crit'>;

const REDACT = [
  'req.headers.authorization',
  'req.headers["kong-admin-token"]',
  'headers.authorization',
  'headers["kong-admin-token"]',
  '*.admin_token',
  '*.password',
  '*.secret',
  '*.key',
  'req.headers.apikey',
  'req.headers.cookie',
  '*.aws_secret_access_key',
];

/**
 * The default level, notice, also lets pino's info through: the engine, the cluster client and
 * the balancers log their lifecycle (config applied, connected, listening) at info, and an
 * operator should see those without turning on debug.
 */
export function createNodeLogger(level: LogLevel, destination?: DestinationStream): NodeLogger {
  const options = {
    level: level === 'notice' ? 'info' : level,
    customLevels: { notice: 35, crit: 55 },
    base: { pid: process.pid },
    redact: { paths: REDACT, censor: '<redacted>' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Logs at notice when the logger has that level (a node logger), else at info. */
export function logNotice(log: FastifyBaseLogger, obj: object, message: string): void {
  const notice = (log as unknown as Partial<NodeLogger>).notice;
  if (typeof notice === 'function') notice.call(log, obj, message);
  else log.info(obj, message);
}
