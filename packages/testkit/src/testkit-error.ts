/**
 * Errors raised by the testkit itself. Like every Gatehouse error they carry a stable
 * `code`, so tests branch on `err.code` rather than on message text or `instanceof`.
 */
export type TestkitErrorCode =
  | 'GW_ERR_TESTKIT_TIMEOUT'
  | 'GW_ERR_TESTKIT_NOT_LOOPBACK'
  | 'GW_ERR_TESTKIT_BAD_OPTION'
  | 'GW_ERR_TESTKIT_PROCESS_START'
  | 'GW_ERR_TESTKIT_PROCESS_EXITED';

export class TestkitError extends Error {
  readonly code: TestkitErrorCode;

  constructor(code: TestkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TestkitError';
    this.code = code;
  }
}
