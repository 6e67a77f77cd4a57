// Upstreams and their targets: /upstreams, /upstreams/{upstream}/targets/{target or id}.
// Kong disables the top-level /targets paths; a target is addressed through its upstream.

import type { ResourceDef } from './resource-def.js';

export const UPSTREAMS: ResourceDef = {
  type: 'upstreams',
  collection: 'upstreams',
  endpointKey: 'name',
  parents: [],
};

export const TARGETS: ResourceDef = {
  type: 'targets',
  collection: null,
  endpointKey: 'target',
  keyScopedToParent: true,
  parents: [{ type: 'upstreams', field: 'upstream', segment: 'targets' }],
};
