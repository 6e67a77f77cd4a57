import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeclarativeConfig } from '@gatehouse/config';
import { toYaml } from '../../src/index.js';
import { formToBody } from '../../src/admin/form-body.js';

test('toYaml output reads back to the same config through the config loader', () => {
  const awkward = ['yes', 'no', 'null', '123', '1.5', '-x', 'a: b', '#c', ' lead', 'trail ', 'ok/ok', '~', '@at', 'unicode-é', 'tab\there', 'line1\nline2\n', 'a\nb', '"q"', "it's"];
  const data = {
    _format_version: '3.0',
    services: [{ name: 'svc', host: 'a.internal', routes: [{ name: 'r', paths: ['/a', '~/items/(?<id>\\d+)$'], headers: { 'x-version': ['1'] } }] }],
    consumers: awkward.map((custom_id) => ({ custom_id })),
  };
  const text = toYaml(data);
  const fromYaml = loadDeclarativeConfig(text, { fileName: 'x.yml' });
  const fromJson = loadDeclarativeConfig(JSON.stringify(data), { fileName: 'x.json' });
  assert.ok(fromYaml.ok, fromYaml.ok ? '' : JSON.stringify(fromYaml.errors));
  assert.ok(fromJson.ok);
  assert.equal(fromYaml.hash, fromJson.hash);
  assert.deepEqual(fromYaml.config.consumers.map((c) => c.custom_id).sort(), [...awkward].sort());
});

test('toYaml keeps strings that YAML would read as other types quoted', () => {
  assert.equal(toYaml({ a: 'true', b: '3.0', c: 'plain', d: null, e: [], f: {} }), 'a: "true"\nb: "3.0"\nc: plain\nd: null\ne: []\nf: {}\n');
});

test('form keys nest with dots, [] appends, [n] indexes, and values take the schema\'s types', () => {
  const schema = {
    type: 'object',
    properties: {
      port: { type: 'integer' },
      enabled: { type: 'boolean' },
      paths: { type: ['array', 'null'], items: { type: 'string' } },
      name: { type: ['string', 'null'] },
      headers: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      config: { type: 'object' },
    },
  };
  const body = formToBody('port=80&enabled=false&paths[]=/a&paths[]=/b&name=&headers.x-v=1&config.minute=5', schema, () => (path) =>
    path.length === 1 && path[0] === 'config' ? { type: 'object', properties: { minute: { type: 'integer' } } } : undefined,
  );
  assert.deepEqual(body, { port: 80, enabled: false, paths: ['/a', '/b'], name: null, headers: { 'x-v': ['1'] }, config: { minute: 5 } });
  assert.deepEqual(formToBody('paths=/a', schema, () => () => undefined), { paths: ['/a'] });
  assert.deepEqual(formToBody('paths[1]=/b&paths[0]=/a', schema, () => () => undefined), { paths: ['/a', '/b'] });
});
