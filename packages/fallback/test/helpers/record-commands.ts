// Records the name of every command a storage client sends (an SDK middleware at the
// initialize step, so retries count once and nothing is inferred from our own wrappers).
import type { StorageClient } from '../../src/index.js';

export interface RecordedCommand {
  readonly name: string;
  readonly key: string | undefined;
}

export function recordCommands(storage: StorageClient): RecordedCommand[] {
  const seen: RecordedCommand[] = [];
  storage.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: unknown; Prefix?: unknown };
      const key = typeof input.Key === 'string' ? input.Key : typeof input.Prefix === 'string' ? input.Prefix : undefined;
      seen.push({ name: String(context.commandName), key });
      return next(args);
    },
    { step: 'initialize', name: 'gatehouseTestRecorder' },
  );
  return seen;
}
