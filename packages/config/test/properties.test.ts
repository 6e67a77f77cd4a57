/**
 * Property-based tests of normalisation and the config hash: the hash is what a data plane
 * compares with its control plane, so it must depend on what a config means and on nothing
 * else (key order, list order, YAML or JSON, comments, nested or flat form).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { formatConfigError, loadDeclarativeConfig, normaliseConfig } from '../src/index.js';
import type { ConfigResult } from '../src/index.js';
import { configModel, render } from './support/config-model.js';
import type { ConfigModel } from './support/config-model.js';
import { prng, shuffleEntityLists, shuffleKeys, withComments } from './support/doc-transforms.js';
import { testPlugins } from './support/test-plugins.js';

const RUNS = { numRuns: 150 };
const plugins = testPlugins();
const seed = fc.integer({ min: 0, max: 0x7fffffff });

function valid(result: ConfigResult, what: string): { config: unknown; hash: string } {
  if (!result.ok) assert.fail(`${what} was rejected:\n${result.errors.map(formatConfigError).join('\n')}`);
  return result;
}

const normalise = (doc: unknown, what = 'the generated config') => valid(normaliseConfig(doc, { plugins }), what);
const load = (text: string, what: string) => valid(loadDeclarativeConfig(text, { fileName: 'generated.yaml', plugins }), what);
const toYaml = (doc: unknown) => stringify(doc, { lineWidth: 0 });

describe('normalisation is idempotent', () => {
  test('normalising a normalised config gives it back unchanged, with the same hash', () => {
    fc.assert(
      fc.property(configModel, (model) => {
        const once = normalise(render(model));
        const twice = normalise(once.config, 'the normalised config');
        assert.deepStrictEqual(twice.config, once.config);
        assert.equal(twice.hash, once.hash);
      }),
      RUNS,
    );
  });
});

describe('the hash depends only on what the config means', () => {
  test('the same for any order of object keys, at every level', () => {
    fc.assert(
      fc.property(configModel, seed, (model, s) => {
        const doc = render(model);
        assert.equal(normalise(shuffleKeys(doc, prng(s))).hash, normalise(doc).hash);
      }),
      RUNS,
    );
  });

  test('the same for any order of the entities in each list', () => {
    fc.assert(
      fc.property(configModel, seed, (model, s) => {
        const doc = render(model, 'mixed');
        assert.equal(normalise(shuffleEntityLists(doc, prng(s))).hash, normalise(doc).hash);
      }),
      RUNS,
    );
  });

  test('the same whether the file is YAML or JSON, and the same as for the parsed object', () => {
    fc.assert(
      fc.property(configModel, (model) => {
        const doc = render(model);
        const expected = normalise(doc).hash;
        assert.equal(load(toYaml(doc), 'the YAML text').hash, expected);
        assert.equal(load(JSON.stringify(doc, null, 2), 'the JSON text').hash, expected);
      }),
      RUNS,
    );
  });

  test('the same with comments added to the YAML', () => {
    fc.assert(
      fc.property(configModel, seed, (model, s) => {
        const text = toYaml(render(model));
        assert.equal(load(withComments(text, prng(s)), 'the commented YAML').hash, load(text, 'the YAML text').hash);
      }),
      RUNS,
    );
  });

  test('the same for the nested form, the flat form (references by name) and any mix of both', () => {
    fc.assert(
      fc.property(configModel, (model) => {
        const nested = normalise(render(model, 'nested'), 'the nested form');
        const flat = normalise(render(model, 'flat'), 'the flat form');
        const mixed = normalise(render(model, 'mixed'), 'the mixed form');
        assert.deepStrictEqual(flat.config, nested.config);
        assert.equal(flat.hash, nested.hash);
        assert.equal(mixed.hash, nested.hash);
      }),
      RUNS,
    );
  });
});

/** One semantic change to a model, and a description for the failure message. */
type Change = (model: ConfigModel) => string | undefined;

const CHANGES: Record<string, Change> = {
  "a service's port": (m) => {
    const fields = m.services[0]!.fields;
    const port = typeof fields['port'] === 'number' ? fields['port'] : 80;
    fields['port'] = port === 65535 ? 1 : port + 1;
    return `port ${String(port)} -> ${String(fields['port'])}`;
  },
  "a route's path": (m) => {
    const route = m.services.flatMap((s) => s.routes)[0];
    if (!route) return undefined;
    const paths = route.fields['paths'] as string[];
    paths[paths.length - 1] = `${paths[paths.length - 1]!}-changed`;
    return `route ${route.name}`;
  },
  "a target's weight": (m) => {
    const target = m.upstreams.flatMap((u) => u.targets)[0];
    if (!target) return undefined;
    const weight = typeof target.fields['weight'] === 'number' ? target.fields['weight'] : 100;
    target.fields['weight'] = weight === 0 ? 1 : weight - 1;
    return `target ${String(target.fields['target'])}`;
  },
  "a plugin's config": (m) => {
    const s = m.services.find((x) => x.keyAuth);
    if (!s?.keyAuth) return undefined;
    s.keyAuth.config['hide_credentials'] = s.keyAuth.config['hide_credentials'] !== true;
    return `key-auth on ${s.name}`;
  },
};

describe('the hash changes when the meaning changes', () => {
  for (const [what, change] of Object.entries(CHANGES)) {
    test(`changing ${what}`, () => {
      fc.assert(
        fc.property(configModel, (model) => {
          const before = normalise(render(model)).hash;
          const changed = structuredClone(model);
          const description = change(changed);
          fc.pre(description !== undefined);
          assert.notEqual(normalise(render(changed), `the config after changing ${what}`).hash, before, description);
        }),
        RUNS,
      );
    });
  }
});
