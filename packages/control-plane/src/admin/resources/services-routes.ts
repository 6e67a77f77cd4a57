// Services and routes: /services, /routes, /services/{service}/routes.

import type { ResourceDef } from './resource-def.js';

const URL_PARTS = ['protocol', 'host', 'port', 'path'] as const;

export const SERVICES: ResourceDef = {
  type: 'services',
  collection: 'services',
  endpointKey: 'name',
  parents: [],
  // Kong: PATCH { url } replaces protocol, host, port and path together.
  beforePatch: (stored, patch) => {
    if (patch['url'] === undefined) return;
    for (const part of URL_PARTS) if (!(part in patch)) delete stored[part];
  },
};

export const ROUTES: ResourceDef = {
  type: 'routes',
  collection: 'routes',
  endpointKey: 'name',
  parents: [{ type: 'services', field: 'service', segment: 'routes' }],
};
