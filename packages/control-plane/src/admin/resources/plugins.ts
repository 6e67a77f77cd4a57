// Plugins: /plugins (global and all), and attached under /services, /routes and /consumers.

import type { ResourceDef } from './resource-def.js';

export const PLUGINS: ResourceDef = {
  type: 'plugins',
  collection: 'plugins',
  endpointKey: 'instance_name',
  parents: [
    { type: 'services', field: 'service', segment: 'plugins' },
    { type: 'routes', field: 'route', segment: 'plugins' },
    { type: 'consumers', field: 'consumer', segment: 'plugins' },
  ],
};
