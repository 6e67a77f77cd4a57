// The one error the router raises: a route that cannot be compiled. It names the place
// (`routes[3].paths[0]`), the route, the bad value, and what to do.

export const GW_ERR_ROUTER_COMPILE = 'GW_ERR_ROUTER_COMPILE';

export interface RouteRef {
  index: number;
  id: string;
  name?: string | null | undefined;
}

export class RouterCompileError extends Error {
  readonly code = GW_ERR_ROUTER_COMPILE;
  readonly routeId: string;
  readonly routeName: string | null;
  /** Where in the route list, e.g. `routes[3].paths[0]`. */
  readonly field: string;
  readonly value: unknown;

  constructor(
    route: RouteRef,
    field: string,
    value: unknown,
    problem: string,
    options?: { cause?: unknown },
  ) {
    const who = route.name ? `"${route.name}" (${route.id})` : `"${route.id}"`;
    const where = `routes[${route.index}]${field ? `.${field}` : ''}`;
    super(`${where} of route ${who}: ${problem} (value: ${JSON.stringify(value)})`, options);
    this.name = 'RouterCompileError';
    this.routeId = route.id;
    this.routeName = route.name ?? null;
    this.field = where;
    this.value = value;
  }
}
