// What the three balancing algorithms share. An algorithm sees the addresses that can take
// traffic (weight > 0) and, per pick, a predicate telling which of them are eligible now
// (available, not tried yet); it never looks at health itself.
import type { Upstream } from '@gatehouse/config';
import type { AddressState, TargetState } from './address-state.js';
import { createConsistentHashing } from './consistent-hashing.js';
import { createLeastConnections } from './least-connections.js';
import { createRoundRobin } from './round-robin.js';

export type Eligible = (a: AddressState) => boolean;

export interface Algorithm {
  /** The address set changed (a DNS answer); `addresses` lists those with weight > 0. */
  update(addresses: readonly AddressState[], targets: readonly TargetState[]): void;
  /** The next eligible address, or undefined when none is. */
  pick(hashKey: string | undefined, eligible: Eligible): AddressState | undefined;
}

export function createAlgorithm(upstream: Upstream): Algorithm {
  switch (upstream.algorithm) {
    case 'consistent-hashing':
      return createConsistentHashing(upstream.slots);
    case 'least-connections':
      return createLeastConnections();
    case 'round-robin':
      return createRoundRobin();
  }
}
