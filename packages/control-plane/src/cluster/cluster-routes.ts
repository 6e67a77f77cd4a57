// Admin API routes over the node registry:
//   GET /clustering/data-planes  { data: NodeRow[], next: null }   (Kong's shape)
//   GET /clustering/status       ClusterSummary
// Register with `app.register(clusterRoutes(server.registry))`.
import type { FastifyPluginAsync } from 'fastify';
import type { NodeRegistry } from './node-registry.js';

export function clusterRoutes(registry: NodeRegistry): FastifyPluginAsync {
  return async (app) => {
    app.get('/clustering/data-planes', async () => ({ data: registry.list(), next: null }));
    app.get('/clustering/status', async () => registry.summary());
  };
}
