// Weighted round-robin, smooth and deterministic (nginx's algorithm): every pick adds each
// eligible address's weight to its running score, takes the highest score and subtracts the
// total eligible weight from it. Over any run of sum(weights)/gcd picks every address gets
// exactly its share, interleaved (100/50 gives A A B ... as A B A, never A A A ... B B B).
// Kong shuffles a wheel at random instead; the proportions are the same.
import type { Algorithm, Eligible } from './algorithm.js';
import type { AddressState } from './address-state.js';

export function createRoundRobin(): Algorithm {
  let list: readonly AddressState[] = [];
  let scores: number[] = [];
  return {
    update(addresses) {
      list = addresses;
      scores = addresses.map(() => 0);
    },
    pick(_hashKey: string | undefined, eligible: Eligible) {
      let total = 0;
      let best = -1;
      for (let i = 0; i < list.length; i++) {
        const a = list[i]!;
        if (!eligible(a)) continue;
        const score = scores[i]! + a.weight;
        scores[i] = score;
        total += a.weight;
        if (best === -1 || score > scores[best]!) best = i;
      }
      if (best === -1) return undefined;
      scores[best] = scores[best]! - total;
      return list[best];
    },
  };
}
