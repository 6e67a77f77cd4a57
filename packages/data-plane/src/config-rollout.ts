/**
 * Which config the workers of a node should run, as plain state: the last config every worker
 * ran (committed), the one being rolled out (pending) and so the one to send (target). A
 * rollout ends ok once every worker reports the pending config, or fails — a worker refused it,
 * could not start with it, or time ran out — and the target goes back to the committed config.
 */
import type { WireConfig, WireMeta, Running } from './worker-messages.js';

export type RolloutResult = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

export function sameConfig(running: Running | null | undefined, meta: WireMeta | Running | null | undefined): boolean {
  return running != null && meta != null && running.hash === meta.hash && running.version === meta.version;
}

interface Pending {
  readonly wire: WireConfig;
  readonly resolve: (r: RolloutResult) => void;
  readonly timer: NodeJS.Timeout;
}

export class ConfigRollout {
  #target: WireConfig | null = null;
  #committed: WireConfig | null = null;
  #pending: Pending | null = null;

  /** What every worker should run now (a new worker gets it with its init). */
  get target(): WireConfig | null {
    return this.#target;
  }

  get pending(): WireMeta | null {
    return this.#pending?.wire.meta ?? null;
  }

  /** The configs a serving worker may run without making the node not ready: the committed one and the one rolling out. */
  accepted(): WireMeta[] {
    return [this.#committed?.meta, this.#pending?.wire.meta].filter((m): m is WireMeta => m !== undefined);
  }

  /** Starts rolling `wire` out; a rollout still running is failed first (superseded). */
  begin(wire: WireConfig, timeoutMs: number, onTimeout: () => RolloutResult): Promise<RolloutResult> {
    this.fail({ ok: false, code: 'GW_ERR_DP_WORKER_SUPERSEDED', message: 'a newer config replaced this one before every worker ran it' });
    this.#target = wire;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fail(onTimeout()), timeoutMs);
      this.#pending = { wire, resolve, timer };
    });
  }

  /** Ends the rollout as ok when every worker in `running` reports the pending config. */
  check(running: readonly (Running | null)[]): void {
    const pending = this.#pending;
    if (!pending || !running.every((r) => sameConfig(r, pending.wire.meta))) return;
    this.#end();
    this.#committed = pending.wire;
    pending.resolve({ ok: true });
  }

  /** Ends the rollout with `result` (a failure); the target goes back to the committed config. */
  fail(result: RolloutResult): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#end();
    this.#target = this.#committed;
    pending.resolve(result);
  }

  #end(): void {
    if (this.#pending) clearTimeout(this.#pending.timer);
    this.#pending = null;
  }
}
