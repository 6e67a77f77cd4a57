// ACK latencies: from publish() of a version until each node's ACK of it. For benchmarks and
// for the control plane's metrics; the newest 10,000 are kept.

export interface AckEvent {
  readonly node_id: string;
  readonly version: number;
  readonly hash: string;
  readonly latency_ms: number;
}

export class AckLog {
  readonly #entries: AckEvent[] = [];
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  record(nodeId: string, version: number, hash: string, latencyMs: number): AckEvent {
    const event = { node_id: nodeId, version, hash, latency_ms: latencyMs };
    this.#entries.push(event);
    if (this.#entries.length > this.#max) this.#entries.splice(0, this.#entries.length - this.#max);
    return event;
  }

  list(): readonly AckEvent[] {
    return [...this.#entries];
  }
}
