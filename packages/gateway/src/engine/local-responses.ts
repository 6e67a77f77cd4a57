/**
 * Answers the gateway gives itself (not from an upstream), with Kong's statuses and bodies.
 */
import type { ServerResponse } from 'node:http';

export const ENGINE_ERROR_CODES = {
  GW_ERR_ENGINE_NO_ROUTE: 'No route matched the request (404, Kong\'s "no Route matched with those values").',
  GW_ERR_ENGINE_NOT_CONFIGURED: 'The node has no config yet (503); /status/ready says why.',
  GW_ERR_ENGINE_NO_SERVICE: 'The matched route has no service (503, Kong\'s "no Service found with those values").',
  GW_ERR_ENGINE_HTTPS_REQUIRED: 'An https-only route was requested over http: 426, or the route\'s https_redirect_status_code.',
  GW_ERR_ROUTER_COMPILE: 'A route cannot be compiled into the router (e.g. a regex JavaScript cannot run); the error names the route and field.',
  GW_ERR_ENGINE_COMPILE: 'A config could not be compiled into a runtime snapshot; the running config keeps serving.',
  GW_ERR_ENGINE_CLOSED: 'A config was offered while the node is shutting down.',
  GW_ERR_PLUGIN_UNAVAILABLE: 'The config uses a plugin this node does not have.',
  GW_ERR_PLUGIN_ACCESS: 'A plugin threw in its access phase; the client got 500.',
  GW_ERR_PLUGIN_HEADER_FILTER: 'A plugin threw in its header_filter phase; the response went on unchanged.',
  GW_ERR_PLUGIN_BODY_FILTER: 'A plugin threw in its body_filter phase; the body went on without its change.',
  GW_ERR_PLUGIN_BODY_FILTER_SKIPPED: 'A response body was longer than the 16 MiB body_filter buffer and was sent unfiltered.',
  GW_ERR_PLUGIN_BODY_READ: 'The client\'s request body could not be read for a plugin (client went away); answered 400.',
  GW_ERR_PLUGIN_LOG: 'A plugin threw in its log phase.',
  GW_ERR_TLS_NO_CERTIFICATE: 'A TLS client asked for a server name no certificate covers, and there is no default certificate.',
} as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const raw = bodyBytes(body);
  const type = headers['content-type'] ?? (raw.length > 0 ? 'application/json; charset=utf-8' : undefined);
  res.writeHead(status, { ...headers, ...(type === undefined ? {} : { 'content-type': type }), 'content-length': raw.length });
  res.end(raw);
}

/** The bytes of a local answer's body: objects as JSON, strings and Buffers as they are. */
export function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body === undefined || body === null) return Buffer.alloc(0);
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
}

export const NO_ROUTE = { message: 'no Route matched with those values' };
export const NO_SERVICE = { message: 'no Service found with those values' };
export const NOT_CONFIGURED = { message: 'this gateway has no configuration yet' };
