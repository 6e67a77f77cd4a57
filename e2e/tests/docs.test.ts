/**
 * The docs as a new user meets them: every relative link (and #anchor) in the README, docs/,
 * the examples' and packages' READMEs resolves, and every shell block marked
 * `<!-- runnable -->` runs as written, from the repository root, and succeeds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function markdownFiles(): string[] {
  const found: string[] = [join(ROOT, 'README.md'), join(ROOT, 'e2e', 'README.md')];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.md')) found.push(full);
    }
  };
  walk(join(ROOT, 'docs'));
  walk(join(ROOT, 'examples'));
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    const readme = join(ROOT, 'packages', pkg, 'README.md');
    if (existsSync(readme)) found.push(readme);
  }
  return found.filter((f) => existsSync(f));
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
}

const files = markdownFiles();

describe('docs: links resolve', () => {
  test('there are docs to check', () => assert.ok(files.length >= 10, `found ${files.length}`));
  for (const file of files) {
    test(relative(ROOT, file), () => {
      const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
      const broken: string[] = [];
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target) || target.startsWith('<')) continue;
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const resolved = path === '' ? file : resolve(dirname(file), path);
        if (!existsSync(resolved)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${target}: no heading #${anchor}`);
      }
      assert.deepEqual(broken, []);
    });
  }
});

/** Shell blocks preceded by `<!-- runnable -->`. */
function runnableBlocks(file: string): { line: number; script: string }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: { line: number; script: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '<!-- runnable -->') continue;
    const open = lines[i + 1]?.trim();
    assert.ok(open === '```sh' || open === '```bash', `${relative(ROOT, file)}:${i + 1}: <!-- runnable --> must be followed by a sh block`);
    const end = lines.indexOf('```', i + 2);
    assert.ok(end > i, `${relative(ROOT, file)}:${i + 2}: unterminated block`);
    out.push({ line: i + 2, script: lines.slice(i + 2, end).join('\n') });
    i = end;
  }
  return out;
}

describe('docs: every runnable command works as written', () => {
  const blocks = files.flatMap((file) => runnableBlocks(file).map((b) => ({ ...b, file })));
  test('the quick start has runnable blocks', () => assert.ok(blocks.length >= 3, `found ${blocks.length}`));
  for (const { file, line, script } of blocks) {
    test(`${relative(ROOT, file)}:${line}`, () => {
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    });
  }
});
