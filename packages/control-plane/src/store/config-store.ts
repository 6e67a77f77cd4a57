// The control plane's durable config store: what it keeps and the contract every backend
// (embedded files today, a shared database for several CPs later) fulfils.
//
// The store is content-agnostic: it keeps the canonical JSON text of a config, exactly as
// given, together with the metadata below. It never parses or re-serialises the content.
// Every method is async because a shared backend has to ask the database each time (another
// CP may have committed in between).

/** Metadata of one stored config version. */
export interface ConfigMeta {
  /** Monotonic integer, starting at 1; never reused, even after a rollback or a recovery. */
  readonly version: number;
  /** sha256 hex of the canonical config, as given by the caller. */
  readonly hash: string;
  /** ISO-8601 time of the commit. */
  readonly created_at: string;
  /** Where the change came from, e.g. "admin-api POST /config", "rollback to 7". */
  readonly source: string;
  readonly author?: string;
  /** Size of the content in bytes (UTF-8). */
  readonly size: number;
}

export interface StoredConfig {
  readonly meta: ConfigMeta;
  readonly content: string;
}

export interface CommitInput {
  readonly content: string;
  /** sha256 hex of the content's canonical form (64 lower-case hex digits). */
  readonly hash: string;
  readonly source: string;
  readonly author?: string | undefined;
  /**
   * Optimistic concurrency: the version the caller based its change on (0 for an empty
   * store). If the current version differs, the commit fails with GW_ERR_STORE_CONFLICT.
   */
  readonly expectVersion?: number | undefined;
}

export interface RollbackInput {
  /** Defaults to "rollback to <version>". */
  readonly source?: string | undefined;
  readonly author?: string | undefined;
  readonly expectVersion?: number | undefined;
}

/** The current config already has this hash: no new version was written. */
export interface UnchangedCommit {
  readonly unchanged: ConfigMeta;
}

export type CommitResult = ConfigMeta | UnchangedCommit;

export function isUnchanged(result: CommitResult): result is UnchangedCommit {
  return 'unchanged' in result;
}

export interface ConfigStore {
  /** The current config, or null while nothing was ever committed. */
  current(): Promise<StoredConfig | null>;
  /** Metadata of the retained versions, newest first (the first one is the current). */
  history(): Promise<ConfigMeta[]>;
  /** A retained version; GW_ERR_STORE_VERSION_NOT_FOUND for unknown or pruned versions. */
  get(version: number): Promise<StoredConfig>;
  /**
   * Stores `content` as the new current config with version = previous + 1, unless the
   * current config already has `hash` (then `{ unchanged: currentMeta }`). Commits are
   * serialised: concurrent callers never get the same version.
   */
  commit(input: CommitInput): Promise<CommitResult>;
  /** Commits the content of an older version as a new version (history is append-only). */
  rollback(version: number, input?: RollbackInput): Promise<CommitResult>;
  /** Waits for pending commits, then refuses further use with GW_ERR_STORE_CLOSED. */
  close(): Promise<void>;
}

export interface ConfigStoreOptions {
  /** How many versions to retain, the current one included (default 20, at least 1). */
  readonly keep?: number;
}

export const DEFAULT_KEEP = 20;
