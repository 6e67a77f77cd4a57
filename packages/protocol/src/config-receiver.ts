// The node's side of config pushes: order (ConfigGate), bounded decompression, hash check,
// and the automatic answers that need no consumer (ACK of the config already run, NACK of a
// corrupt, outdated or conflicting push). Everything new goes to the consumer.
import type { ClusterLogger } from './cluster-logger.js';
import { ConfigGate } from './config-gate.js';
import { decompressConfig } from './config-payload.js';
import type { SizeLimits } from './limits.js';
import { MAX_ERROR_MESSAGE_CHARS } from './limits.js';
import type { ConfigMessage, ConfigSource, NodeMessage } from './message-schemas.js';

export interface RunningConfig {
  readonly version: number;
  readonly hash: string;
  readonly source: ConfigSource;
}

export interface ConfigEvent {
  readonly version: number;
  readonly hash: string;
  /** The normalised config as parsed JSON; the consumer validates it before use. */
  readonly config: Record<string, unknown>;
}

export interface ReceiverIo {
  send(message: NodeMessage): void;
  deliver(event: ConfigEvent): void;
}

export function nackMessage(version: number, hash: string, code: string, message: string): NodeMessage {
  const safeCode = /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'GW_ERR_UNKNOWN';
  return { type: 'nack', version, hash, code: safeCode, message: message.slice(0, MAX_ERROR_MESSAGE_CHARS) };
}

export class ConfigReceiver {
  readonly #gate: ConfigGate;
  readonly #limits: SizeLimits;
  readonly #log: ClusterLogger;
  readonly #io: ReceiverIo;
  #source: ConfigSource;

  constructor(running: RunningConfig | null, limits: SizeLimits, log: ClusterLogger, io: ReceiverIo) {
    this.#gate = new ConfigGate(running);
    this.#source = running?.source ?? 'none';
    this.#limits = limits;
    this.#log = log;
    this.#io = io;
  }

  get source(): ConfigSource {
    return this.#source;
  }

  running(): RunningConfig | null {
    const r = this.#gate.running;
    return r ? { version: r.version, hash: r.hash, source: this.#source } : null;
  }

  setRunning(running: RunningConfig | null): void {
    this.#gate.setRunning(running);
    this.#source = running?.source ?? 'none';
  }

  acked(version: number, hash: string): void {
    this.#gate.acked(version, hash);
    if (this.#gate.running?.version === version) this.#source = 'control_plane';
  }

  /** The control plane says its current config is this one: if the node runs it, it is now the CP's. */
  confirmed(version: number, hash: string): void {
    const running = this.#gate.running;
    if (running?.version === version && running.hash === hash) this.#source = 'control_plane';
  }

  nacked(version: number, hash: string): void {
    this.#gate.nacked(version, hash);
  }

  async receive(message: ConfigMessage): Promise<void> {
    const { version, hash } = message;
    const decision = this.#gate.offer(version, hash);
    const running = this.#gate.running;
    const fields = { version, hash, running_version: running?.version ?? null };
    switch (decision) {
      case 'duplicate':
        this.#source = 'control_plane';
        this.#log.debug(fields, 'the control plane pushed the config this node runs; ACK again');
        this.#io.send({ type: 'ack', version, hash });
        return;
      case 'in_progress':
      case 'stale':
        this.#log.info({ ...fields, decision }, 'ignored a config push not newer than the one being applied');
        return;
      case 'outdated':
      case 'conflict': {
        const code = decision === 'outdated' ? 'GW_ERR_CLUSTER_CONFIG_OUTDATED' : 'GW_ERR_CLUSTER_CONFIG_CONFLICT';
        const text =
          decision === 'outdated'
            ? `node runs config version ${running?.version}; refusing older version ${version}: a node never goes back to an older config`
            : `node runs or applies version ${version} with hash ${(running?.version === version ? running.hash : this.#gate.pending?.hash)?.slice(0, 12)}; refusing a different config under the same version`;
        this.#log.warn({ ...fields, code }, text);
        this.#io.send(nackMessage(version, hash, code, text));
        return;
      }
      case 'apply':
        break;
    }
    const result = await decompressConfig(message, this.#limits);
    if (!this.#gate.isCurrent(version, hash)) {
      this.#log.debug(fields, 'a newer config arrived while this one was decompressed; skipped');
      return;
    }
    if (!result.ok) {
      this.#gate.nacked(version, hash);
      this.#log.error({ ...fields, code: result.code }, `refused a config push: ${result.error}`);
      this.#io.send(nackMessage(version, hash, result.code, result.error));
      return;
    }
    try {
      this.#io.deliver({ version, hash, config: result.value });
    } catch (err) {
      // A throwing listener is the consumer's bug; the node must not crash on it.
      this.#gate.nacked(version, hash);
      const text = `the node's config handler threw: ${(err as Error).message}`;
      this.#log.error({ ...fields, err, code: 'GW_ERR_CLUSTER_CONSUMER_FAILED' }, text);
      this.#io.send(nackMessage(version, hash, 'GW_ERR_CLUSTER_CONSUMER_FAILED', text));
    }
  }
}
