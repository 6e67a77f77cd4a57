import { Type } from '@sinclair/typebox';

/** Kong's prometheus config: every family beyond the basics is opt-in, as in Kong 3.x. */
export const PrometheusSchema = Type.Object(
  {
    per_consumer: Type.Boolean({ default: false, description: 'Add a `consumer` label (the username, else the id) to request and bandwidth metrics. Beware of label cardinality.' }),
    status_code_metrics: Type.Boolean({ default: false, description: 'Count requests by service, route and status code (`gatehouse_http_requests_total`).' }),
    latency_metrics: Type.Boolean({ default: false, description: 'Record request, upstream and gateway latency histograms (milliseconds).' }),
    bandwidth_metrics: Type.Boolean({ default: false, description: 'Count body bytes by service, route and direction (`ingress`: from clients, `egress`: to clients).' }),
    upstream_health_metrics: Type.Boolean({ default: false, description: 'Export the health state of every upstream target (`gatehouse_upstream_target_health`), read at scrape time.' }),
    ai_metrics: Type.Boolean({ default: false, description: 'Accepted for Kong compatibility; Gatehouse has no AI plugins, so it records nothing.' }),
    wasm_metrics: Type.Boolean({ default: false, description: 'Accepted for Kong compatibility; Gatehouse has no WebAssembly filters, so it records nothing.' }),
  },
  { additionalProperties: false },
);
