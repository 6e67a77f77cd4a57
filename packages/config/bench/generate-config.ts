/** A realistic large declarative config: services with routes, upstreams with targets, consumers. */
export function generateConfig(routeCount: number): Record<string, unknown> {
  const routesPerService = 10;
  const services = [];
  for (let s = 0; s < Math.ceil(routeCount / routesPerService); s++) {
    const routes = [];
    for (let r = 0; r < routesPerService && s * routesPerService + r < routeCount; r++) {
      const n = s * routesPerService + r;
      routes.push({
        name: `route-${n}`,
        hosts: n % 3 === 0 ? [`api${s}.example.com`] : n % 3 === 1 ? [`*.svc${s}.example.com`] : undefined,
        paths: n % 7 === 0 ? [`~/v1/items${n}/(?<id>\\d+)$`] : [`/svc${s}/r${r}`, `/alt${n}`],
        methods: n % 2 === 0 ? ['GET', 'POST'] : undefined,
        headers: n % 11 === 0 ? { 'x-version': ['1', '2'] } : undefined,
        strip_path: n % 2 === 0,
      });
    }
    services.push({ name: `service-${s}`, url: `http://upstream-${s % 100}:8080/base`, routes });
  }
  const upstreams = Array.from({ length: 100 }, (_, u) => ({
    name: `upstream-${u}`,
    healthchecks: { active: { healthy: { interval: 5 }, unhealthy: { interval: 5, http_failures: 3 } } },
    targets: [{ target: `10.0.${u}.1:8080` }, { target: `10.0.${u}.2:8080`, weight: 50 }],
  }));
  const consumers = Array.from({ length: 500 }, (_, c) => ({
    username: `user-${c}`,
    keyauth_credentials: [{ key: `key-${c}-${(c * 7919) % 100000}` }],
    acls: [{ group: c % 2 === 0 ? 'gold' : 'silver' }],
  }));
  return { _format_version: '3.0', services, upstreams, consumers };
}
