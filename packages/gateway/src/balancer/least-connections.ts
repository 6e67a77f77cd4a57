// Least-connections as Kong computes it: the eligible address with the lowest
// (in-flight + 1) / weight wins, so idle addresses are preferred and, among idle ones, the
// heaviest goes first. Ties rotate through the list so equal peers share the load evenly.
import type { Algorithm, Eligible } from './algorithm.js';
import type { AddressState } from './address-state.js';

export function createLeastConnections(): Algorithm {
  let list: readonly AddressState[] = [];
  let start = 0;
  return {
    update(addresses) {
      list = addresses;
      start = 0;
    },
    pick(_hashKey: string | undefined, eligible: Eligible) {
      const n = list.length;
      let best: AddressState | undefined;
      let bestIndex = 0;
      let bestScore = Infinity;
      for (let k = 0; k < n; k++) {
        const i = (start + k) % n;
        const a = list[i]!;
        if (!eligible(a)) continue;
        const score = (a.inFlight + 1) / a.weight;
        if (score < bestScore) {
          best = a;
          bestIndex = i;
          bestScore = score;
        }
      }
      if (best !== undefined) start = (bestIndex + 1) % n;
      return best;
    },
  };
}
