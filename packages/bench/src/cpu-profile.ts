/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, per package or
 * module, optionally only over a window (e.g. the seconds the load ran, not start-up).
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Share of all sampled time in the window, idle included. */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  functions: SelfTime[];
  modules: SelfTime[];
}

/** "@gatehouse/gateway", "fastify", "node:internal/streams", "(garbage collector)". */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' && parts.length > 2 ? `internal/${parts[1]}` : parts.slice(0, parts[0] === 'internal' ? 2 : 1).join('/')}`;
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const ws = /\/packages\/([^/]+)\/(?:dist|src|bin)\/(.+)$/.exec(url);
  if (ws) return `@gatehouse/${ws[1]} ${ws[2]}`;
  return url;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) return url.slice(nm + '/node_modules/'.length);
  const ws = /\/packages\/(.+)$/.exec(url);
  return ws ? ws[1]! : url.replace(/^file:\/\//, '');
}

/**
 * Self time by function and by module. `window` is in microseconds before the profile's end
 * ({ fromEndUs: 20e6, toEndUs: 2e6 }: from 20 s before the end to 2 s before it).
 */
export function summariseProfile(profile: CpuProfile, window?: { fromEndUs: number; toEndUs: number }, top = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  const from = window ? profile.endTime - window.fromEndUs : -Infinity;
  const to = window ? profile.endTime - window.toEndUs : Infinity;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from || t > to) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    totalUs += us;
    if (frame.functionName === '(idle)') idleUs += us;
    const name = frame.url === '' ? frame.functionName || '(anonymous)' : `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const mod = moduleOf(frame.url, frame.functionName);
    mods.set(mod, (mods.get(mod) ?? 0) + us);
  }
  const rank = (m: Map<string, number>): SelfTime[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }));
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, functions: rank(fns), modules: rank(mods) };
}

/** Tables of the summary; with `requests` (served in the window), a µs-per-request column too. */
export function renderProfileSummary(summary: ProfileSummary, requests?: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const perRequest = requests !== undefined && requests > 0;
  const table = (title: string, rows: SelfTime[]) => [
    `| ${title} | self time | share |${perRequest ? ' µs per request |' : ''}`,
    `| --- | --- | --- |${perRequest ? ' --- |' : ''}`,
    ...rows.map((r) => `| ${r.name.replace(/\|/g, '\\|')} | ${r.ms.toFixed(0)} ms | ${pct(r.share)} |${perRequest ? ` ${((r.ms * 1000) / requests).toFixed(1)} |` : ''}`),
  ];
  const busyMs = summary.totalMs - summary.idleMs;
  return [
    `Sampled ${(summary.totalMs / 1000).toFixed(1)} s of the main thread, ${pct(summary.idleMs / Math.max(summary.totalMs, 1))} idle` +
      (perRequest ? `; ${Math.round(requests)} requests, ${((busyMs * 1000) / requests).toFixed(0)} µs of busy main thread per request.` : '.'),
    '',
    ...table('module (package, or file inside Gatehouse)', summary.modules),
    '',
    ...table('function', summary.functions),
    '',
  ].join('\n');
}
