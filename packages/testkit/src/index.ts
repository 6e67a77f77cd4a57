// @gatehouse/testkit — private helpers for Gatehouse's package tests and e2e suites.

export { startOrigin } from './origin-server.js';
export type {
  Origin,
  OriginBehaviour,
  OriginHandler,
  OriginOptions,
  OriginStats,
  RecordedRequest,
} from './origin-server.js';

export { freePort, waitForPort } from './ports.js';

export { spawnProcess } from './spawn-process.js';
export type { ExitInfo, SpawnedProcess, SpawnOptions } from './spawn-process.js';
export type { LineMatcher, OutputLine } from './line-log.js';
export { killAll, liveProcessCount } from './process-registry.js';

export { tempDir } from './temp-dir.js';
export type { TempDir } from './temp-dir.js';

export { httpRequest } from './http-request.js';
export type { HttpRequestOptions, HttpResponse } from './http-request.js';

export { loadGenerator, percentile } from './load-generator.js';
export type { LatencySummary, LoadOptions, LoadResult } from './load-generator.js';

export { assertLoopbackUrl, isLoopbackHost } from './loopback.js';

export { TestkitError } from './testkit-error.js';
export type { TestkitErrorCode } from './testkit-error.js';
export { startS3Server } from './s3-server.js';
export type { S3Server } from './s3-server.js';
