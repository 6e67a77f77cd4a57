// Errors of the config store. Every error carries a stable `code` (branch on it, not on
// `instanceof`), a message that says what to do, and the low-level error as `cause`.

/** Every store error code with when it happens (the docs' error table is generated from it). */
export const STORE_ERROR_CODES = {
  GW_ERR_STORE_CONFLICT: 'A commit or rollback named an expected version that is no longer current.',
  GW_ERR_STORE_VERSION_NOT_FOUND: 'A version that was never stored, or was already pruned, was asked for.',
  GW_ERR_STORE_INVALID_INPUT: 'A malformed argument reached the store (hash, source, keep, version ...).',
  GW_ERR_STORE_ACCESS_DENIED: 'The OS refused access to the store directory or a file in it; the message names the path.',
  GW_ERR_STORE_IO: 'Any other file-system failure (disk full, not a directory ...).',
  GW_ERR_STORE_CORRUPT: 'A version file failed its checksum while being read; it was set aside.',
  GW_ERR_STORE_CLOSED: 'The store was used after close().',
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return undefined;
}

export function isErrno(err: unknown, ...codes: string[]): boolean {
  const code = errnoCode(err);
  return code !== undefined && codes.includes(code);
}

/**
 * Wraps a failed file-system call. `action` reads as "could not <action>", `path` is the file
 * or directory the operator has to look at.
 */
export function fsError(action: string, path: string, cause: unknown): StoreError {
  const code = errnoCode(cause) ?? 'UNKNOWN';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new StoreError(
        'GW_ERR_STORE_ACCESS_DENIED',
        `could not ${action}: permission denied on ${path}; give the gateway's user read and ` +
          `write access to that path (or set "prefix" to a directory it owns)`,
        { cause },
      );
    case 'EROFS':
      return new StoreError(
        'GW_ERR_STORE_ACCESS_DENIED',
        `could not ${action}: ${path} is on a read-only file system; point "prefix" at a writable directory`,
        { cause },
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new StoreError(
        'GW_ERR_STORE_IO',
        `could not ${action}: no space left for ${path}; free disk space or lower the number of kept versions`,
        { cause },
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return new StoreError(
        'GW_ERR_STORE_IO',
        `could not ${action}: ${path} (or one of its parents) is not a directory; remove the file ` +
          `that is in the way or choose another "prefix"`,
        { cause },
      );
    default:
      return new StoreError('GW_ERR_STORE_IO', `could not ${action} (${path}): ${code}`, { cause });
  }
}

/** Runs a file-system call and wraps whatever it throws with `fsError`. */
export async function tryFs<T>(action: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw fsError(action, path, err);
  }
}
