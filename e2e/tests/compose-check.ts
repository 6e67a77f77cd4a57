/**
 * Static checks of a compose file that runs Gatehouse nodes, for what `docker compose config`
 * cannot know: the file against the Compose Specification, the files it mounts, the host ports
 * it publishes, its depends_on conditions, and for every Gatehouse node its GATEHOUSE_* settings
 * (loaded exactly as the node will load them, role rules included), its storage variables and
 * the ports its listeners really serve. Nothing here needs Docker.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { SECRETS, SETTINGS, formatSettingsError, resolveSettings } from '@gatehouse/config';
import type { LoadedSettings, Role } from '@gatehouse/config';
import { readStorageEnv } from '@gatehouse/fallback';
import { isLoopbackHost } from '@gatehouse/testkit';
import { dependencies, loadComposeFile, mounts, publishedPorts, serviceEnvironment, words } from './compose-file.js';
import type { ComposeDocument, ComposeService, PublishedPort } from './compose-file.js';
import { composeSchemaProblems } from './compose-schema.js';

export type CheckName = 'yaml' | 'schema' | 'path' | 'port' | 'depends_on' | 'settings' | 'storage_env' | 'listen';

export interface ComposeProblem {
  readonly check: CheckName;
  readonly message: string;
}

/** A Gatehouse node in the file, with its settings as the node will load them. */
export interface GatehouseNode {
  readonly service: string;
  readonly command: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly loaded: LoadedSettings;
}

export interface ComposeCheck {
  readonly problems: readonly ComposeProblem[];
  /** The parsed file; undefined when it is not YAML or not a valid compose file. */
  readonly document?: ComposeDocument;
  /** Nodes whose settings load; the others are in problems. */
  readonly nodes: readonly GatehouseNode[];
}

export interface CheckOptions {
  /** Base of relative paths (compose's --project-directory); defaults to the file's folder. */
  readonly projectDir?: string;
  /** Working directory of the gatehouse image, for relative path settings. */
  readonly imageWorkdir?: string;
}

/** The `gatehouse` commands that start a node, the role each implies, and what the CLI adds. */
const NODE_COMMANDS: Readonly<Record<string, { readonly role: Role; readonly overrides?: Readonly<Record<string, unknown>> }>> = {
  cp: { role: 'control_plane' },
  dp: { role: 'data_plane' },
  backup: { role: 'data_plane', overrides: { cluster_fallback_config_export: true } },
};

/** Storage variables Gatehouse reads (packages/config SECRETS, the names packages/fallback reads). */
export const STORAGE_ENV_NAMES: readonly string[] = Object.values(SECRETS).flatMap((secret) => (secret.storage ? secret.env : []));

/** Variables of the AWS SDK's default credential chain (profiles, IRSA, ECS/EKS roles): legitimate beside them. */
const SDK_CREDENTIAL_ENV = new Set([
  'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_EC2_METADATA_DISABLED',
]);

function isGatehouseNode(service: ComposeService): boolean {
  const first = words(service.command)[0];
  if (first !== undefined && Object.hasOwn(NODE_COMMANDS, first)) return true;
  const { env } = serviceEnvironment(service);
  return Object.keys(env).some((name) => name.startsWith('GATEHOUSE_'));
}

function checkPaths(doc: ComposeDocument, projectDir: string, add: (check: CheckName, message: string) => void): void {
  const exists = (path: string, what: string, where: string, kind: 'file' | 'dir' | 'any' = 'any') => {
    const full = resolve(projectDir, path.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
    if (!existsSync(full)) return add('path', `${where}: ${what} ${path} does not exist (${full})`);
    const isDir = statSync(full).isDirectory();
    if (kind === 'file' && isDir) add('path', `${where}: ${what} ${path} is a directory, not a file`);
    if (kind === 'dir' && !isDir) add('path', `${where}: ${what} ${path} is not a directory`);
  };
  for (const [name, service] of Object.entries(doc.services)) {
    const where = `services.${name}`;
    if (service.build !== undefined) {
      const context = typeof service.build === 'string' ? service.build : (service.build.context ?? '.');
      if (!/^[a-z]+:\/\//i.test(context) && !context.startsWith('git@')) {
        exists(context, 'build context', `${where}.build`, 'dir');
        const dockerfile = typeof service.build === 'string' ? 'Dockerfile' : (service.build.dockerfile ?? 'Dockerfile');
        exists(isAbsolute(dockerfile) ? dockerfile : join(context, dockerfile), 'Dockerfile', `${where}.build`, 'file');
      }
    }
    for (const mount of mounts(service)) {
      if (mount.kind === 'bind') exists(mount.source, 'mounted path', `${where}.volumes`);
      if (mount.kind === 'volume' && mount.source !== '' && !Object.hasOwn(doc.volumes ?? {}, mount.source)) {
        add('path', `${where}.volumes: volume "${mount.source}" is not declared under the top-level volumes`);
      }
    }
    const envFiles = service.env_file === undefined ? [] : typeof service.env_file === 'string' ? [service.env_file] : service.env_file;
    for (const envFile of envFiles) {
      if (typeof envFile === 'string') exists(envFile, 'env_file', `${where}.env_file`, 'file');
      else if (envFile.required !== false) exists(envFile.path, 'env_file', `${where}.env_file`, 'file');
    }
  }
  for (const section of ['configs', 'secrets'] as const) {
    for (const [name, entry] of Object.entries(doc[section] ?? {})) {
      if (entry.file !== undefined) exists(entry.file, 'file', `${section}.${name}`, 'file');
    }
  }
}

function overlaps(a: PublishedPort, b: PublishedPort): boolean {
  const any = (ip: string) => ip === '0.0.0.0' || ip === '::' || ip === '';
  return a.hostPort === b.hostPort && a.protocol === b.protocol && (a.hostIp === b.hostIp || any(a.hostIp) || any(b.hostIp));
}

function checkPorts(doc: ComposeDocument, add: (check: CheckName, message: string) => void): void {
  // Services of every profile may run together (the drill runs dp3 beside dp1 and dp2).
  const seen: { service: string; port: PublishedPort }[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    for (const port of publishedPorts(service)) {
      const clash = seen.find((s) => overlaps(s.port, port));
      if (clash) {
        add('port', `services.${name}.ports: host port ${port.hostPort}/${port.protocol} ("${port.spec}") is already published by services.${clash.service} ("${clash.port.spec}")`);
      }
      seen.push({ service: name, port });
    }
  }
}

function checkDependencies(doc: ComposeDocument, add: (check: CheckName, message: string) => void): void {
  for (const [name, service] of Object.entries(doc.services)) {
    for (const [dependency, condition] of Object.entries(dependencies(service))) {
      const target = doc.services[dependency];
      const where = `services.${name}.depends_on.${dependency}`;
      if (target === undefined) {
        add('depends_on', `${where}: there is no service "${dependency}"`);
        continue;
      }
      if (condition === 'service_healthy' && (target.healthcheck?.test === undefined || target.healthcheck.disable === true)) {
        add('depends_on', `${where}: condition service_healthy, but services.${dependency} has no healthcheck, so it never becomes healthy`);
      }
      if ((service.profiles ?? []).length === 0 && (target.profiles ?? []).length > 0) {
        add('depends_on', `${where}: services.${dependency} runs only with profile ${target.profiles?.join(' or ')}, but services.${name} always runs`);
      }
    }
  }
}

/** Published container ports must be served by one of the node's listeners, on a non-loopback address. */
function checkListeners(node: GatehouseNode, service: ComposeService, add: (check: CheckName, message: string) => void): void {
  const { settings } = node.loaded;
  const listeners = [
    ...settings.proxy_listen.map((l) => ({ ...l, setting: 'proxy_listen' })),
    ...settings.status_listen.map((l) => ({ ...l, setting: 'status_listen' })),
    ...(settings.role === 'control_plane'
      ? [...settings.admin_listen.map((l) => ({ ...l, setting: 'admin_listen' })), ...settings.cluster_listen.map((l) => ({ ...l, setting: 'cluster_listen' }))]
      : []),
  ];
  for (const port of publishedPorts(service)) {
    const serving = listeners.filter((l) => l.port === port.containerPort);
    if (serving.length === 0) {
      add('listen', `services.${node.service}.ports: "${port.spec}" publishes container port ${port.containerPort}, but no listener of the node uses it (${listeners.map((l) => `${l.setting} ${l.host}:${l.port}`).join(', ') || 'no listeners'})`);
    } else if (serving.every((l) => isLoopbackHost(l.host))) {
      add('listen', `services.${node.service}.ports: "${port.spec}" publishes container port ${port.containerPort}, but ${serving[0]?.setting} listens on ${serving[0]?.host} inside the container, which the published port cannot reach; listen on 0.0.0.0`);
    }
  }
}

/** Path settings must point into something mounted into the container (prefix is the image's own state directory). */
function checkPathSettings(node: GatehouseNode, service: ComposeService, add: (check: CheckName, message: string) => void): void {
  const targets = mounts(service).map((m) => m.target.replace(/\/+$/, ''));
  for (const name of Object.keys(node.loaded.settings) as (keyof typeof SETTINGS)[]) {
    const value = node.loaded.settings[name];
    if (SETTINGS[name].kind !== 'path' || name === 'prefix' || typeof value !== 'string' || node.loaded.sources[name].kind === 'default') continue;
    if (!targets.some((target) => value === target || value.startsWith(`${target}/`))) {
      add('path', `services.${node.service}: ${name} = ${value}, but nothing is mounted there (volumes: ${targets.join(', ') || 'none'})`);
    }
  }
}

function loadNode(name: string, service: ComposeService, workdir: string, add: (check: CheckName, message: string) => void): GatehouseNode | undefined {
  const where = `services.${name}`;
  const { env, interpolated } = serviceEnvironment(service);
  for (const variable of interpolated) {
    add('settings', `${where}.environment.${variable}: uses compose interpolation ("$..."); give the value itself so it can be checked (escape a literal $ as $$)`);
  }
  for (const variable of Object.keys(env).filter((v) => v.startsWith('AWS_'))) {
    if (STORAGE_ENV_NAMES.includes(variable) || SDK_CREDENTIAL_ENV.has(variable)) continue;
    const hint = variable.startsWith('AWS_ENDPOINT_URL')
      ? 'Gatehouse takes the endpoint of an S3-compatible store from AWS_CONFIG_STORAGE_ENDPOINT (path-style requests)'
      : `Gatehouse reads ${STORAGE_ENV_NAMES.join(', ')}`;
    add('storage_env', `${where}.environment.${variable}: not a storage variable Gatehouse reads; ${hint}`);
  }
  const command = words(service.command)[0];
  const spec = command === undefined ? undefined : NODE_COMMANDS[command];
  const result = resolveSettings({ env, cwd: workdir, ...(spec ? { roleHint: spec.role } : {}), ...(spec?.overrides ? { overrides: spec.overrides } : {}) });
  if (!result.ok) {
    for (const error of result.errors) add('settings', `${where}: ${formatSettingsError(error)}`);
    return undefined;
  }
  const { settings, secrets } = result;
  if (command === 'cp' && settings.cluster_fallback_config_export) {
    add('settings', `${where}: cluster_fallback_config_export = on is refused by gatehouse cp; export from a backup node`);
  }
  if (settings.role === 'control_plane' && !settings.admin_listen.every((l) => isLoopbackHost(l.host)) && secrets.admin_token === undefined) {
    add('settings', `${where}: admin_listen reaches beyond loopback, so the control plane refuses to start without GATEHOUSE_ADMIN_TOKEN`);
  }
  if (settings.cluster_fallback_config_import || settings.cluster_fallback_config_export) {
    try {
      readStorageEnv(env);
    } catch (err) {
      add('storage_env', `${where}: ${(err as Error).message}`);
    }
  }
  return { service: name, command, env, loaded: result };
}

/** Runs every check on `file`; `problems` is empty when the file is fine. */
export function checkComposeFile(file: string, options: CheckOptions = {}): ComposeCheck {
  const problems: ComposeProblem[] = [];
  const add = (check: CheckName, message: string) => problems.push({ check, message });
  const parsed = loadComposeFile(file);
  if (!parsed.ok) return { problems: parsed.problems.map((message) => ({ check: 'yaml', message })), nodes: [] };
  // Nothing else runs on a file the specification refuses: the other checks rely on its shape.
  const schemaProblems = composeSchemaProblems(parsed.document);
  if (schemaProblems.length > 0) return { problems: schemaProblems.map((message) => ({ check: 'schema', message })), nodes: [] };
  const document = parsed.document as ComposeDocument;
  const projectDir = options.projectDir ?? resolve(file, '..');

  checkPaths(document, projectDir, add);
  checkPorts(document, add);
  checkDependencies(document, add);
  const nodes: GatehouseNode[] = [];
  for (const [name, service] of Object.entries(document.services)) {
    if (!isGatehouseNode(service)) continue;
    const node = loadNode(name, service, options.imageWorkdir ?? '/app', add);
    if (!node) continue;
    checkListeners(node, service, add);
    checkPathSettings(node, service, add);
    nodes.push(node);
  }
  return { problems, document, nodes };
}

