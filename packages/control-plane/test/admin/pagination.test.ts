import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startAdmin, yaml } from './helpers.js';
import type { AdminHarness, Obj } from './helpers.js';

async function seed(admin: AdminHarness, count: number): Promise<void> {
  const services = Array.from({ length: count }, (_, i) => `  - name: s${i}\n    host: s${i}.internal\n    tags: [${i % 2 === 0 ? 'even' : 'odd'}, all]`);
  const res = await admin.call('POST', '/config', { body: `_format_version: "3.0"\nservices:\n${services.join('\n')}\n`, headers: yaml });
  assert.equal(res.status, 201);
}

test('size and offset page through a list in id order; next links the following page', async (t) => {
  const admin = await startAdmin(t);
  await seed(admin, 7);
  const seen: string[] = [];
  let path: string | null = '/services?size=3';
  let pages = 0;
  while (path !== null) {
    const page: { data: Obj[]; next: string | null; offset?: string } = (await admin.call('GET', path)).json();
    seen.push(...page.data.map((s) => String(s['id'])));
    assert.equal(page.offset === undefined, page.next === null);
    path = page.next;
    pages++;
  }
  assert.equal(pages, 3);
  assert.equal(seen.length, 7);
  assert.deepEqual(seen, [...seen].sort());
  assert.equal(new Set(seen).size, 7);
});

test('the default page is 100 entries', async (t) => {
  const admin = await startAdmin(t);
  await seed(admin, 101);
  const page = (await admin.call('GET', '/services')).json<{ data: Obj[]; next: string }>();
  assert.equal(page.data.length, 100);
  assert.match(page.next, /^\/services\?offset=/);
});

test('a bad size is 400 invalid size; a bad offset is 400 invalid offset (Kong codes 9 and 7)', async (t) => {
  const admin = await startAdmin(t);
  const notNumber = await admin.call('GET', '/services?size=abc');
  assert.equal(notNumber.status, 400);
  assert.deepEqual(notNumber.json(), { message: 'size must be a number', name: 'invalid size', code: 9 });
  assert.equal((await admin.call('GET', '/services?size=1001')).json()['message'], 'size must be an integer between 1 and 1000');
  const offset = await admin.call('GET', '/services?offset=%25%25');
  assert.equal(offset.status, 400);
  assert.deepEqual(offset.json(), { message: "'%%' is not a valid offset: bad base64 encoding", name: 'invalid offset', code: 7 });
});

test('tags=a,b needs all tags, tags=a/b any of them', async (t) => {
  const admin = await startAdmin(t);
  await seed(admin, 4);
  const count = async (q: string) => (await admin.call('GET', `/services?tags=${q}`)).json<{ data: Obj[] }>().data.length;
  assert.deepEqual([await count('even'), await count('even,all'), await count('even,odd'), await count('even/odd'), await count('none')], [2, 2, 0, 4, 0]);
});
