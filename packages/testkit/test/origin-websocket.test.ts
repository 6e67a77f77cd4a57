import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { startOrigin } from '../src/index.js';

function wsUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/^http:/, 'ws:')}${path}`;
}

test('websocket upgrade echoes text and binary messages back', async (t) => {
  const origin = await startOrigin({ name: 'ws-origin' });
  t.after(() => origin.close());
  const ws = new WebSocket(wsUrl(origin.url, '/chat?room=1'));
  t.after(() => ws.terminate());
  await once(ws, 'open');

  ws.send('hello');
  const [text, textIsBinary] = (await once(ws, 'message')) as [Buffer, boolean];
  assert.equal(text.toString(), 'hello');
  assert.equal(textIsBinary, false);

  const payload = Buffer.from([0, 1, 2, 253, 254, 255]);
  ws.send(payload);
  const [binary, binaryIsBinary] = (await once(ws, 'message')) as [Buffer, boolean];
  assert.deepEqual(binary, payload);
  assert.equal(binaryIsBinary, true);

  assert.equal(origin.requests.length, 1);
  assert.equal(origin.requests[0]?.upgrade, true);
  assert.equal(origin.requests[0]?.path, '/chat');
  assert.deepEqual(origin.requests[0]?.query, { room: '1' });
});

test('close() ends open websockets instead of waiting for them', async () => {
  const origin = await startOrigin();
  const ws = new WebSocket(wsUrl(origin.url, '/'));
  await once(ws, 'open');
  const closed = once(ws, 'close');
  await origin.close();
  await closed;
  assert.equal(ws.readyState, WebSocket.CLOSED);
});

test('resetConnection also applies to upgrades', async (t) => {
  const origin = await startOrigin({ resetConnection: true });
  t.after(() => origin.close());
  const ws = new WebSocket(wsUrl(origin.url, '/'));
  const [err] = (await once(ws, 'error')) as [Error & { code?: string }];
  assert.equal(err.code, 'ECONNRESET');
});
