/**
 * What the example's MinIO init job sets up, read from its script and the policy files it
 * loads, and a small evaluator of those IAM-style policies: which user may do what where.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mounts, serviceEnvironment, words } from './compose-file.js';
import type { ComposeService } from './compose-file.js';

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface Policy {
  readonly Version: string;
  readonly Statement: readonly Statement[];
}

export interface MinioSetup {
  /** Buckets `mc mb` creates. */
  readonly buckets: readonly string[];
  /** Access key -> secret key, from `mc admin user add`. */
  readonly users: ReadonlyMap<string, string>;
  /** Access key -> the policies attached to it. */
  readonly policiesOf: ReadonlyMap<string, readonly Policy[]>;
}

const list = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Condition operators the example's policies use; any other one fails loudly instead of being guessed. */
function conditionHolds(condition: Statement['Condition'], context: Readonly<Record<string, string>>): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, values] of Object.entries(entries)) {
      const actual = context[key];
      if (actual === undefined) return false;
      if (operator === 'StringLike' && !list(values).some((v) => glob(v).test(actual))) return false;
      else if (operator === 'StringEquals' && !list(values).includes(actual)) return false;
      else if (operator !== 'StringLike' && operator !== 'StringEquals') throw new Error(`policy condition operator ${operator} is not understood by this check`);
    }
  }
  return true;
}

/** IAM evaluation for identity policies: allowed when some statement allows it and none denies it. */
export function allows(policies: readonly Policy[], action: string, resource: string, context: Readonly<Record<string, string>> = {}): boolean {
  const matching = policies
    .flatMap((p) => p.Statement)
    .filter((s) => list(s.Action).some((a) => glob(a).test(action)) && list(s.Resource).some((r) => glob(r).test(resource)) && conditionHolds(s.Condition, context));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

/** Replaces "${NAME}" and "$NAME" in one script word with the service's environment. */
function expand(word: string, env: Readonly<Record<string, string>>): string {
  return word.replace(/^"(.*)"$/, '$1').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => env[a ?? b ?? ''] ?? '');
}

/**
 * Reads the init service: its `sh -c` script (the mc commands), its environment and the policy
 * files it mounts. `projectDir` is where the compose file's relative paths start.
 */
export function readMinioSetup(service: ComposeService, projectDir: string): MinioSetup {
  const { env } = serviceEnvironment(service);
  const script = words(service.command).join(' ').replace(/\$\$/g, '$');
  const hostPath = (containerPath: string): string => {
    const mount = mounts(service).find((m) => m.kind === 'bind' && (containerPath === m.target || containerPath.startsWith(`${m.target}/`)));
    if (!mount) throw new Error(`the init job reads ${containerPath}, which is not mounted into it`);
    return resolve(projectDir, mount.source, containerPath.slice(mount.target.length).replace(/^\//, ''));
  };
  const buckets: string[] = [];
  const users = new Map<string, string>();
  const policies = new Map<string, Policy>();
  const policiesOf = new Map<string, Policy[]>();
  for (const line of script.split('\n').map((l) => l.trim())) {
    const argv = line.split(/\s+/).map((w) => expand(w, env));
    if (argv[0] !== 'mc') continue;
    const [, ...rest] = argv;
    const command = rest.filter((w) => !w.startsWith('--')).slice(0, 3).join(' ');
    if (command.startsWith('mb ')) {
      buckets.push((rest.find((w) => !w.startsWith('--') && w !== 'mb') ?? '').split('/')[1] ?? '');
    } else if (command === 'admin user add') {
      const [, , , , accessKey = '', secretKey = ''] = rest;
      users.set(accessKey, secretKey);
    } else if (command === 'admin policy create') {
      const [, , , , name = '', file = ''] = rest;
      policies.set(name, JSON.parse(readFileSync(hostPath(file), 'utf8')) as Policy);
    } else if (command === 'admin policy attach') {
      const [, , , , name = ''] = rest;
      const user = rest[rest.indexOf('--user') + 1] ?? '';
      const policy = policies.get(name);
      if (!policy) throw new Error(`the init job attaches policy ${name} before creating it`);
      policiesOf.set(user, [...(policiesOf.get(user) ?? []), policy]);
    }
  }
  return { buckets, users, policiesOf };
}
