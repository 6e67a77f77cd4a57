import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCompatibility, parseVersion, pluginsInConfig } from '../src/index.js';

const cp = { version: '3.4.2', plugins: [{ name: 'key-auth', version: '3.4.0' }, { name: 'cors', version: '2.1.0' }] };
const node = (version: string, plugins = cp.plugins) => ({ version, plugins });

describe('compatibility (Kong\'s rules)', () => {
  test('same major and a node minor not newer than the control plane is compatible', () => {
    assert.deepEqual(checkCompatibility(cp, node('3.4.2'), ['key-auth']), { ok: true });
    assert.deepEqual(checkCompatibility(cp, node('3.0.9'), ['key-auth']), { ok: true });
    assert.deepEqual(checkCompatibility(cp, node('3.4.9'), []), { ok: true });
  });

  test('another major, or a newer node minor, is version_incompatible with what to do', () => {
    const major = checkCompatibility(cp, node('4.0.0'), []);
    assert.equal(!major.ok && major.sync_status, 'version_incompatible');
    assert.match(!major.ok ? major.message : '', /major versions must match/);
    const minor = checkCompatibility(cp, node('3.5.0'), []);
    assert.equal(!minor.ok && minor.sync_status, 'version_incompatible');
    assert.match(!minor.ok ? minor.message : '', /upgrade the control plane first/);
  });

  test('a plugin the config uses that the node lacks is plugin_set_incompatible', () => {
    const result = checkCompatibility(cp, node('3.4.0', [{ name: 'cors', version: '2.1.0' }]), ['cors', 'key-auth']);
    assert.equal(!result.ok && result.sync_status, 'plugin_set_incompatible');
    assert.match(!result.ok ? result.message : '', /"key-auth".*install it on the node/);
  });

  test('plugins not used by the config do not matter', () => {
    assert.deepEqual(checkCompatibility(cp, node('3.4.0', []), []), { ok: true });
  });

  test('a plugin of another major, or a newer minor, on the node is plugin_version_incompatible', () => {
    const major = checkCompatibility(cp, node('3.4.0', [{ name: 'key-auth', version: '2.9.0' }]), ['key-auth']);
    assert.equal(!major.ok && major.sync_status, 'plugin_version_incompatible');
    const newer = checkCompatibility(cp, node('3.4.0', [{ name: 'key-auth', version: '3.5.0' }]), ['key-auth']);
    assert.equal(!newer.ok && newer.sync_status, 'plugin_version_incompatible');
    const older = checkCompatibility(cp, node('3.4.0', [{ name: 'key-auth', version: '3.1' }]), ['key-auth']);
    assert.deepEqual(older, { ok: true });
  });

  test('version parsing and the plugins a config uses', () => {
    assert.deepEqual(parseVersion('1.2.3-rc.1+b5'), { major: 1, minor: 2, patch: 3 });
    assert.deepEqual(parseVersion('2'), { major: 2, minor: 0, patch: 0 });
    assert.equal(parseVersion('v1.2'), undefined);
    assert.deepEqual(pluginsInConfig({ plugins: [{ name: 'cors' }, { name: 'acl' }, { name: 'cors' }, { nope: 1 }] }), ['acl', 'cors']);
    assert.deepEqual(pluginsInConfig(null), []);
  });
});
