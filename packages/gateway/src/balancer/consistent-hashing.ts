// Consistent hashing on a ring ("continuum") of `slots` points, built exactly as Kong's
// ketama-style balancer builds it, so the same targets map keys the same way:
// - targets sorted by host then port, their addresses by `ip:port`;
// - each address gets floor(weight / totalWeight * targetCount * 160) points (at least 1),
//   placed at xxhash32(`${ip}::${port} ${i}`) % slots, a taken point pushing it to i + 1;
// - a key lands on xxhash32(key) % slots and walks down the ring (wrapping) to the first
//   eligible address. A missing key hashes as "" (Kong hashes `value or ""`).
// Removing a target frees only its points, so only its keys move. Health changes do not
// rebuild the ring: an unavailable address is skipped and gets its keys back on recovery.
// The ring is built on the first pick after a change, so compiling a config stays cheap.
// Like Kong, fewer than 1000 slots means 1000.
import type { Algorithm, Eligible } from './algorithm.js';
import type { AddressState, TargetState } from './address-state.js';
import { xxhash32 } from './xxhash32.js';

const MIN_POINTS = 1000;
const SERVER_POINTS = 160;

function sortedForRing(addresses: readonly AddressState[]): AddressState[] {
  const key = (a: AddressState): [string, number, string] => [a.target.address.host, a.port, `${a.ip}:${a.port}`];
  return [...addresses].sort((x, y) => {
    const [hx, px, ax] = key(x);
    const [hy, py, ay] = key(y);
    if (hx !== hy) return hx < hy ? -1 : 1;
    if (px !== py) return px - py;
    return ax < ay ? -1 : ax > ay ? 1 : 0;
  });
}

/** Fills `ring` with indexes into `addresses` (-1 = empty point). */
function buildRing(addresses: readonly AddressState[], targetCount: number, points: number): Int32Array {
  const ring = new Int32Array(points).fill(-1);
  const totalWeight = addresses.reduce((sum, a) => sum + a.weight, 0);
  if (totalWeight === 0) return ring;
  for (let n = 0; n < addresses.length; n++) {
    const a = addresses[n]!;
    let entries = Math.floor((a.weight / totalWeight) * targetCount * SERVER_POINTS);
    if (entries === 0) entries = 1;
    for (let i = 1; i <= entries; i++) {
      if (i > points) return ring; // more entries than points: the ring is full
      const index = xxhash32(`${a.ip}::${a.port} ${i}`) % points;
      if (ring[index] === -1) ring[index] = n;
      else entries++; // collision: move the problem forward, as Kong does
    }
  }
  return ring;
}

export function createConsistentHashing(slots: number): Algorithm {
  const points = slots >= MIN_POINTS ? slots : MIN_POINTS;
  let addresses: AddressState[] = [];
  let targetCount = 0;
  let ring: Int32Array | null = null;
  return {
    update(list, targets: readonly TargetState[]) {
      addresses = sortedForRing(list);
      targetCount = targets.length;
      ring = null;
    },
    pick(hashKey: string | undefined, eligible: Eligible) {
      if (addresses.length === 0) return undefined;
      ring ??= buildRing(addresses, targetCount, points);
      let index = xxhash32(hashKey ?? '') % points;
      for (let step = 0; step < points; step++) {
        const n = ring[index]!;
        if (n !== -1) {
          const a = addresses[n]!;
          if (eligible(a)) return a;
        }
        index = index === 0 ? points - 1 : index - 1;
      }
      return undefined;
    },
  };
}
