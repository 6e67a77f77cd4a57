import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { httpRequest, spawnProcess, startOrigin } from '../src/index.js';

const MB = 1024 * 1024;

function get(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, resolve);
    req.once('error', reject);
    req.end();
  });
}

/** `total` bytes in 64 KiB chunks, produced on demand. */
function generated(total: number): Readable {
  let left = total;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const size = Math.min(left, chunk.length);
      left -= size;
      this.push(chunk.subarray(0, size));
    },
  });
}

test('/stream/<bytes> sends exactly that many bytes of the i % 256 pattern', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  const res = await httpRequest(`${origin.url}/stream/70000`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], '70000');
  assert.equal(res.body.length, 70_000);
  for (const offset of [0, 255, 256, 65_535, 65_536, 69_999]) assert.equal(res.body[offset], offset % 256);
});

test('streaming 50 MB stays streamed: the origin buffers about one chunk and memory barely grows', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  // The client runs in its own process, so this process's memory is the origin's alone.
  const client = `require('node:http').get(process.argv[1], (res) => {
    let n = 0;
    res.on('data', (c) => { n += c.length; });
    res.on('end', () => console.log('received ' + n));
  });`;
  const before = process.memoryUsage();
  let peak = { rss: before.rss, arrayBuffers: before.arrayBuffers };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak = { rss: Math.max(peak.rss, now.rss), arrayBuffers: Math.max(peak.arrayBuffers, now.arrayBuffers) };
  }, 5);
  t.after(() => clearInterval(sampler));
  const proc = await spawnProcess(process.execPath, ['-e', client, `${origin.url}/stream/${50 * MB}`], {
    name: 'download-client',
  });
  const line = await proc.waitForLine(/^received \d+$/, 30_000);
  clearInterval(sampler);
  assert.equal(line, `received ${50 * MB}`);
  assert.equal(origin.stats().streamedBytes, 50 * MB);
  assert.ok(origin.stats().peakStreamBufferBytes <= 128 * 1024, `buffered ${origin.stats().peakStreamBufferBytes}`);
  const grew = { rss: peak.rss - before.rss, arrayBuffers: peak.arrayBuffers - before.arrayBuffers };
  assert.ok(grew.arrayBuffers < 8 * MB, `buffer memory grew by ${grew.arrayBuffers} bytes`);
  assert.ok(grew.rss < 25 * MB, `rss grew by ${grew.rss} bytes`);
});

test('a paused client stops the stream: the origin does not run ahead', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  const res = await get(`${origin.url}/stream/${200 * MB}`);
  res.pause();
  // Give a producer that ignored backpressure time to push everything.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const produced = origin.stats().streamedBytes;
  res.destroy();
  assert.ok(produced < 32 * MB, `origin produced ${produced} bytes for a paused client`);
});

test('/sink counts a 50 MB upload without keeping it', async (t) => {
  const origin = await startOrigin();
  t.after(() => origin.close());
  const res = await httpRequest(`${origin.url}/sink`, { method: 'POST', body: generated(50 * MB) });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { bytes: 50 * MB, origin: 'origin' });
  assert.equal(origin.stats().sinkBytes, 50 * MB);
  assert.equal(origin.requests[0]?.bodyBytes, 50 * MB);
  assert.equal(origin.requests[0]?.body, '');
});
