import { TestkitError } from './testkit-error.js';

export type LineMatcher = RegExp | ((line: string) => boolean);

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

interface Waiter {
  since: number;
  purpose: string;
  matches(line: string): boolean;
  resolve(line: string): void;
  fail(err: Error): void;
}

export function describeMatcher(match: LineMatcher): string {
  return typeof match === 'function' ? 'a line accepted by the predicate' : `a line matching ${String(match)}`;
}

function toPredicate(match: LineMatcher): (line: string) => boolean {
  // `search` ignores lastIndex, so a /g regex answers the same on every call.
  return typeof match === 'function' ? match : (line) => line.search(match) !== -1;
}

/**
 * The output lines of one process, kept for assertions, with waits for a line to appear.
 * Once the process is gone `end()` fails every pending and later wait that finds no line.
 */
export class LineLog {
  private readonly collected: OutputLine[] = [];
  private readonly waiters = new Set<Waiter>();
  private endReason: ((purpose: string) => Error) | undefined;

  constructor(
    private readonly name: string,
    private readonly echo: boolean,
  ) {}

  push(stream: OutputLine['stream'], text: string): void {
    const index = this.collected.push({ stream, text }) - 1;
    if (this.echo) process.stderr.write(`[${this.name}:${stream === 'stdout' ? 'out' : 'err'}] ${text}\n`);
    for (const waiter of this.waiters) {
      if (index >= waiter.since && waiter.matches(text)) waiter.resolve(text);
    }
  }

  lines(stream?: OutputLine['stream']): string[] {
    return this.collected.filter((line) => stream === undefined || line.stream === stream).map((line) => line.text);
  }

  format(maxLines = 200): string {
    const shown = this.collected.slice(-maxLines);
    const total = this.collected.length;
    const note = shown.length < total ? `, last ${shown.length} shown` : '';
    const body = shown.map((line) => `[${this.name}:${line.stream === 'stdout' ? 'out' : 'err'}] ${line.text}`);
    return [`--- output of ${this.name} (${total} lines${note}) ---`, ...body].join('\n');
  }

  /**
   * First line at index >= since that matches. `timeoutMessage` explains a timeout;
   * `purpose` ends the sentence "<name> exited before ..." given to `end`'s reason.
   */
  waitFor(match: LineMatcher, timeoutMs: number, since: number, timeoutMessage: string, purpose: string): Promise<string> {
    const matches = toPredicate(match);
    const seen = this.collected.slice(since).find((line) => matches(line.text));
    if (seen !== undefined) return Promise.resolve(seen.text);
    if (this.endReason !== undefined) return Promise.reject(this.endReason(purpose));
    return new Promise((resolve, reject) => {
      const settle = (done: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        done();
      };
      const waiter: Waiter = {
        since,
        purpose,
        matches,
        resolve: (line) => settle(() => resolve(line)),
        fail: (err) => settle(() => reject(err)),
      };
      const timer = setTimeout(() => {
        waiter.fail(new TestkitError('GW_ERR_TESTKIT_TIMEOUT', `${timeoutMessage}\n${this.format()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  end(reason: (purpose: string) => Error): void {
    this.endReason ??= reason;
    for (const waiter of this.waiters) waiter.fail(reason(waiter.purpose));
  }
}
