import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidTraceparent, newTraceparent, traceIdOf, upstreamTraceparent } from '../../src/proxy/index.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C traceparent', () => {
  test('accepts the spec example and future versions with extra fields', () => {
    assert.ok(isValidTraceparent(VALID));
    assert.ok(isValidTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'));
  });
  test('refuses malformed values: version ff, all-zero ids, upper case, wrong lengths, extra fields on 00', () => {
    for (const bad of [
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
      `${VALID}-more`,
      '',
    ]) {
      assert.equal(isValidTraceparent(bad), false, bad);
    }
  });
  test('a valid traceparent is forwarded as is; a missing, malformed or repeated one starts a new trace', () => {
    assert.equal(upstreamTraceparent(VALID), VALID);
    for (const sent of [undefined, 'garbage', [VALID, VALID]]) {
      const made = upstreamTraceparent(sent);
      assert.ok(isValidTraceparent(made), made);
      assert.notEqual(made, VALID);
      assert.match(made, /-01$/, 'new traces are sampled');
    }
    assert.notEqual(newTraceparent(), newTraceparent());
    assert.equal(traceIdOf(VALID), '4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
