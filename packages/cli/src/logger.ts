import { pino } from 'pino';
import type { Level, Logger } from 'pino';
import type { LogLevel } from '@gatehouse/config';

/** Kong's log levels onto pino's: notice has no pino level of its own, crit is fatal. */
const LEVELS: Record<LogLevel, Level> = { debug: 'debug', info: 'info', notice: 'info', warn: 'warn', error: 'error', crit: 'fatal' };

/** Header and credential fields that must never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["kong-admin-token"]',
  'req.headers.apikey',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.key',
  '*.admin_token',
  '*.aws_secret_access_key',
];

/** JSON logs on stdout, one object per line, as every node writes them. */
export function createLogger(level: LogLevel, base: Record<string, unknown>): Logger {
  return pino({ level: LEVELS[level], base: { pid: process.pid, ...base }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
