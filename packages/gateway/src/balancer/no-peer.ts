// The one answer for "nothing to send this request to", with Kong's exact message; the
// engine turns it into a 503.
import type { NoPeer } from '../upstream-types.js';

export const NO_PEER_MESSAGE = 'failure to get a peer from the ring-balancer';

export const NO_PEER: NoPeer = Object.freeze({ error: 'GW_ERR_UPSTREAM_NO_PEER', message: NO_PEER_MESSAGE });

export function isNoPeer(value: object): value is NoPeer {
  return 'error' in value && (value as NoPeer).error === 'GW_ERR_UPSTREAM_NO_PEER';
}
