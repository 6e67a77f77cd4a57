/**
 * examples/docker-compose without Docker: the compose file is valid Compose, every file it
 * mounts exists, no host port is published twice, every Gatehouse node's GATEHOUSE_* settings
 * load as the node will load them, the nodes form one cluster with one exporter, MinIO gives the
 * backup node write access and the data planes read access to the same prefix, the control
 * plane's kong.yml validates with the bundled plugins, and the README's drill names what the
 * file defines. Broken variants under fixtures/compose-broken are each refused with a message
 * naming the problem.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SECRETS, SETTING_NAMES, envNameFor, isBackupNode, loadDeclarativeConfig } from '@gatehouse/config';
import { createBundledPlugins, pluginRegistry } from '@gatehouse/plugins';
import { checkComposeFile } from './compose-check.js';
import type { CheckName, ComposeCheck, GatehouseNode } from './compose-check.js';
import { dependencies, mounts, publishedPorts, serviceEnvironment, words } from './compose-file.js';
import type { ComposeDocument, ComposeService } from './compose-file.js';
import { allows, readMinioSetup } from './minio-setup.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(REPO, 'examples/docker-compose');
const COMPOSE_FILE = join(EXAMPLE, 'compose.yaml');
const BROKEN = fileURLToPath(new URL('./fixtures/compose-broken/', import.meta.url));

function checkExample(): { check: ComposeCheck; doc: ComposeDocument; node: (name: string) => GatehouseNode; service: (name: string) => ComposeService } {
  const check = checkComposeFile(COMPOSE_FILE);
  assert.deepEqual(check.problems.map((p) => p.message), [], 'examples/docker-compose/compose.yaml has problems');
  assert.ok(check.document);
  const doc = check.document;
  return {
    check,
    doc,
    node: (name) => {
      const found = check.nodes.find((n) => n.service === name);
      assert.ok(found, `services.${name} is a Gatehouse node whose settings load`);
      return found;
    },
    service: (name) => {
      const found = doc.services[name];
      assert.ok(found, `services.${name} exists`);
      return found;
    },
  };
}

test('the example compose file passes every check: Compose schema, paths, ports, depends_on, node settings', () => {
  const { check } = checkExample();
  assert.deepEqual(check.nodes.map((n) => `${n.service}: gatehouse ${n.command}`).sort(), [
    'backup: gatehouse backup', 'cp: gatehouse cp', 'dp1: gatehouse dp', 'dp2: gatehouse dp', 'dp3: gatehouse dp',
  ]);
});

test('every GATEHOUSE_* variable in the example is a setting or a secret, and every AWS_* one is a storage variable Gatehouse reads', () => {
  const { doc } = checkExample();
  const settingVariables = new Set(SETTING_NAMES.map(envNameFor));
  const secretVariables = new Set<string>(Object.values(SECRETS).flatMap((s) => s.env));
  const storageVariables = new Set<string>(Object.values(SECRETS).flatMap((s) => (s.storage ? s.env : [])));
  for (const [name, service] of Object.entries(doc.services)) {
    for (const variable of Object.keys(serviceEnvironment(service).env)) {
      if (variable.startsWith('GATEHOUSE_')) assert.ok(settingVariables.has(variable) || secretVariables.has(variable), `services.${name}: ${variable}`);
      if (variable.startsWith('AWS_')) assert.ok(storageVariables.has(variable), `services.${name}: ${variable} is not read by @gatehouse/fallback`);
    }
  }
});

test('the nodes form one cluster: the control plane, one backup node exporting, three data planes importing', () => {
  const { check, node, service, doc } = checkExample();
  const cp = node('cp').loaded.settings;
  assert.equal(cp.role, 'control_plane');
  const clusterPorts = cp.cluster_listen.map((l) => l.port);
  for (const { service: name, loaded } of check.nodes.filter((n) => n.service !== 'cp')) {
    const { settings } = loaded;
    assert.equal(settings.role, 'data_plane', name);
    assert.equal(settings.cluster_control_plane?.host, 'cp', `${name} connects to the cp service`);
    assert.ok(clusterPorts.includes(settings.cluster_control_plane.port), `${name} connects to the control plane's cluster_listen port`);
    assert.equal(settings.cluster_cert, cp.cluster_cert, `${name} presents the shared cluster certificate`);
    assert.equal(settings.cluster_cert_key, cp.cluster_cert_key);
  }
  const exporters = check.nodes.filter((n) => n.loaded.settings.cluster_fallback_config_export).map((n) => n.service);
  assert.deepEqual(exporters, ['backup'], 'exactly one exporter');
  assert.ok(isBackupNode(node('backup').loaded.settings), 'the backup node does not proxy');
  for (const name of ['dp1', 'dp2', 'dp3']) assert.equal(node(name).loaded.settings.cluster_fallback_config_import, true, `${name} imports`);
  const urls = new Set(check.nodes.flatMap((n) => (n.loaded.settings.cluster_fallback_config_storage ? [n.loaded.settings.cluster_fallback_config_storage.url] : [])));
  assert.equal(urls.size, 1, `one storage location for everyone: ${[...urls].join(', ')}`);

  // The certificate the nodes read is the one the certs job writes: same volume, same folder.
  const certsJob = service('certs');
  const outDir = /--out\s+(\S+)/.exec(words(certsJob.command).join(' '))?.[1];
  assert.ok(outDir, 'the certs job runs gatehouse cert generate --out <dir>');
  const written = mounts(certsJob).find((m) => m.target === outDir);
  assert.equal(written?.kind, 'volume', 'the certs job writes into a named volume');
  for (const n of check.nodes) {
    const certDir = dirname(n.loaded.settings.cluster_cert ?? '');
    const mount = mounts(service(n.service)).find((m) => m.target === certDir);
    assert.equal(mount?.source, written.source, `${n.service} mounts the certs volume at ${certDir}`);
    assert.equal(dependsTransitively(doc, n.service).has('certs'), true, `${n.service} starts after the certs job`);
  }
});

/** Every service `name` waits for, directly or through others. */
function dependsTransitively(doc: ComposeDocument, name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of Object.keys(dependencies(doc.services[name] ?? {}))) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    dependsTransitively(doc, dependency, seen);
  }
  return seen;
}

test('MinIO: the backup node may write and the data planes may only read, on the bucket and prefix of cluster_fallback_config_storage', () => {
  const { check, service } = checkExample();
  const setup = readMinioSetup(service('minio-init'), EXAMPLE);
  const storage = check.nodes.find((n) => n.loaded.settings.cluster_fallback_config_storage)?.loaded.settings.cluster_fallback_config_storage;
  assert.ok(storage);
  assert.ok(storage.prefix !== '', 'the example uses a prefix, so the policies can be scoped to it');
  assert.deepEqual(setup.buckets, [storage.bucket], 'the init job creates the storage bucket');
  const bucketArn = `arn:aws:s3:::${storage.bucket}`;
  const inside = `${bucketArn}/${storage.prefix}/v3/latest.json`;
  const outside = `${bucketArn}/elsewhere/v3/latest.json`;
  const listInside = { 's3:prefix': `${storage.prefix}/v3/snapshots/` };
  const listOutside = { 's3:prefix': 'elsewhere/' };

  for (const { service: name, env, loaded } of check.nodes.filter((n) => n.loaded.settings.cluster_fallback_config_storage)) {
    const accessKey = env.AWS_ACCESS_KEY_ID ?? '';
    assert.equal(setup.users.get(accessKey), env.AWS_SECRET_ACCESS_KEY, `${name}: the init job creates user ${accessKey} with the secret ${name} uses`);
    const policies = setup.policiesOf.get(accessKey) ?? [];
    assert.ok(policies.length > 0, `${name}: user ${accessKey} has a policy`);
    const can = (action: string, resource: string, context?: Record<string, string>) => allows(policies, action, resource, context);
    assert.ok(can('s3:GetObject', inside), `${name} reads snapshots`);
    assert.ok(can('s3:ListBucket', bucketArn, listInside), `${name} lists snapshots`);
    assert.ok(!can('s3:GetObject', outside) && !can('s3:ListBucket', bucketArn, listOutside), `${name} sees nothing outside ${storage.prefix}/`);
    const writes = loaded.settings.cluster_fallback_config_export;
    assert.equal(can('s3:PutObject', inside), writes, `${name} ${writes ? 'writes' : 'must not write'} snapshots`);
    assert.equal(can('s3:DeleteObject', inside), writes, `${name} ${writes ? 'deletes old' : 'must not delete'} snapshots`);
    assert.ok(!can('s3:PutObject', outside), `${name} writes nothing outside ${storage.prefix}/`);
  }
});

test('the control plane serves examples/docker-compose/kong.yml: valid with the bundled plugins, its upstream a compose service', () => {
  const { node, service, doc } = checkExample();
  const configPath = node('cp').loaded.settings.declarative_config;
  assert.ok(configPath, 'the control plane is seeded from declarative_config');
  const mount = mounts(service('cp')).find((m) => m.kind === 'bind' && m.target === configPath);
  assert.ok(mount, `${configPath} is bind-mounted into the control plane`);
  const file = resolve(EXAMPLE, mount.source);
  assert.equal(relative(REPO, file), 'examples/docker-compose/kong.yml');

  const result = loadDeclarativeConfig(readFileSync(file), { fileName: 'kong.yml', plugins: pluginRegistry(createBundledPlugins().plugins) });
  assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('\n'));
  assert.ok(result.config.services.length > 0);
  const upstreams = new Set(result.config.upstreams.map((u) => u.name));
  for (const s of result.config.services) {
    assert.ok(upstreams.has(s.host) || Object.hasOwn(doc.services, s.host), `service ${s.name} proxies to ${s.host}, which is neither an upstream nor a compose service`);
  }
});

test('the drill: dp3 runs only with profile "drill", and starting it never starts the control plane', () => {
  const { doc, service } = checkExample();
  assert.deepEqual(service('dp3').profiles, ['drill']);
  assert.ok(!dependsTransitively(doc, 'dp3').has('cp'), 'dp3 must not depend on cp, or `up dp3` would start the control plane');
  for (const name of ['cp', 'backup', 'dp1', 'dp2', 'minio', 'minio-init', 'certs', 'echo']) {
    assert.equal(service(name).profiles, undefined, `${name} runs without a profile`);
  }
});

test('the image: multi-stage on node:20-bookworm-slim, production dependencies only, runs the CLI as user node', () => {
  const { check, service } = checkExample();
  const builds = new Set(Object.values(check.document?.services ?? {}).flatMap((s) => (s.build && typeof s.build === 'object' ? [resolve(EXAMPLE, s.build.context ?? '.', s.build.dockerfile ?? 'Dockerfile')] : [])));
  assert.deepEqual([...builds], [join(EXAMPLE, 'Dockerfile')]);
  assert.equal(resolve(EXAMPLE, (service('cp').build as { context: string }).context), resolve(REPO), 'the build context is the repository root');
  const dockerfile = readFileSync(join(EXAMPLE, 'Dockerfile'), 'utf8');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];
  assert.ok(stages.length >= 2, 'multi-stage');
  assert.match(dockerfile, /^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
  assert.match(dockerfile, /npm ci --omit=dev --workspace packages\/cli/);
  assert.match(dockerfile, /npx turbo build --filter=@gatehouse\/cli\.\.\./);
  const runtime = dockerfile.slice(stages.at(-1)?.index ?? 0);
  assert.match(runtime, /^USER node$/m, 'the runtime stage drops root');
  assert.match(runtime, /^ENTRYPOINT \["node", "packages\/cli\/bin\/gatehouse\.js"\]$/m);
  assert.ok(readdirSync(join(REPO, 'packages/cli/bin')).includes('gatehouse.js'));
});

test('the README: every docker compose command names services and profiles of the file, every local port is published', () => {
  const { doc } = checkExample();
  const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const lines = blocks.flatMap((b) => b.replace(/\\\n/g, ' ').split('\n')).map((l) => l.trim());
  const profiles = new Set(Object.values(doc.services).flatMap((s) => s.profiles ?? []));
  const published = new Set(Object.values(doc.services).flatMap((s) => publishedPorts(s).map((p) => p.hostPort)));
  const services = Object.keys(doc.services);
  let commands = 0;
  for (const line of lines) {
    for (const port of line.matchAll(/(?:localhost|127\.0\.0\.1):(\d+)/g)) assert.ok(published.has(Number(port[1])), `README: port ${port[1]} is not published (${line})`);
    const match = /^docker compose\s+(.*)$/.exec(line.replace(/\s*\|.*$/, '').replace(/\s*#.*$/, ''));
    if (!match) continue;
    commands++;
    const argv = (match[1] ?? '').split(/\s+/);
    for (let i = 0; i < argv.length; i++) if (argv[i] === '--profile') assert.ok(profiles.has(argv[i + 1] ?? ''), `README: no profile ${argv[i + 1]} (${line})`);
    const rest = argv.filter((w, i) => argv[i - 1] !== '--profile' && w !== '--profile');
    const [sub, ...args] = rest;
    const positional = args.filter((w) => !w.startsWith('-'));
    const named = sub === 'exec' || sub === 'run' ? positional.slice(0, 1) : ['stop', 'start', 'restart', 'up', 'logs', 'rm', 'ps', 'kill'].includes(sub ?? '') ? positional : [];
    for (const name of named) assert.ok(services.includes(name), `README: no service ${name} (${line})`);
  }
  assert.ok(commands >= 6, 'the README walks through the drill with docker compose commands');
});

test('broken compose files are refused, each with a message naming the problem', async (t) => {
  const expected: Readonly<Record<string, { check: CheckName; message: RegExp }>> = {
    'unknown-setting.yaml': { check: 'settings', message: /GATEHOUSE_PROXY_LISTN: no setting is named proxy_listn; did you mean GATEHOUSE_PROXY_LISTEN\?/ },
    'port-clash.yaml': { check: 'port', message: /services\.dp2\.ports: host port 8000\/tcp .* already published by services\.dp1/ },
    'missing-mount.yaml': { check: 'path', message: /services\.cp\.volumes: mounted path \.\/kong-missing\.yml does not exist/ },
    'schema-error.yaml': { check: 'schema', message: /services\.echo\.healthcheck: unknown property "intervall"/ },
    'role-conflict.yaml': { check: 'settings', message: /cluster_fallback_config_import: only valid with role = data_plane/ },
    'wrong-s3-env.yaml': { check: 'storage_env', message: /AWS_ENDPOINT_URL_S3: not a storage variable Gatehouse reads.*AWS_CONFIG_STORAGE_ENDPOINT/ },
    'loopback-listener.yaml': { check: 'listen', message: /"8000:8000" publishes container port 8000, but proxy_listen listens on 127\.0\.0\.1/ },
    'healthy-without-healthcheck.yaml': { check: 'depends_on', message: /services\.dp\.depends_on\.echo: condition service_healthy, but services\.echo has no healthcheck/ },
  };
  assert.deepEqual(readdirSync(BROKEN).filter((f) => f.endsWith('.yaml')).sort(), Object.keys(expected).sort(), 'every fixture has an expectation');
  for (const [file, want] of Object.entries(expected)) {
    await t.test(file, () => {
      // Relative paths resolve against the example, as if the broken file replaced compose.yaml.
      const { problems } = checkComposeFile(join(BROKEN, file), { projectDir: EXAMPLE });
      assert.equal(problems.length, 1, problems.map((p) => `${p.check}: ${p.message}`).join('\n'));
      assert.equal(problems[0]?.check, want.check);
      assert.match(problems[0]?.message ?? '', want.message);
    });
  }
});
