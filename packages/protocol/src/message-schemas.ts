// The cluster messages, as JSON Schemas (TypeBox) with their TypeScript types derived from
// them: one source of truth. Every message received is checked against these before use;
// unknown extra fields are allowed (a newer peer may add some) and ignored.
import { Type } from '@sinclair/typebox';
import type { Static, TLiteral, TSchema, TUnion } from '@sinclair/typebox';

/** Wire protocol revision, carried in hello and welcome. */
export const PROTOCOL_VERSION = 1;

export const NODE_ROLES = ['data_plane', 'backup'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

export const CONFIG_SOURCES = ['control_plane', 'cache', 'fallback_storage', 'none'] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

/** Why a node gets no config. Kong's names, except kong_version_incompatible → version_incompatible. */
export const INCOMPATIBLE_STATUSES = ['version_incompatible', 'plugin_set_incompatible', 'plugin_version_incompatible'] as const;
export type IncompatibleStatus = (typeof INCOMPATIBLE_STATUSES)[number];

/** A node's sync status as the control plane reports it in /clustering/data-planes. */
export const SYNC_STATUSES = ['normal', 'behind', 'pending', 'failed', ...INCOMPATIBLE_STATUSES, 'disconnected'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** A capability a node advertises when it exports configs to fallback storage. */
export const CAPABILITY_FALLBACK_EXPORT = 'fallback_export';

function literals<T extends string>(values: readonly T[]): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

const NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';
const LABEL = '^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$';
const SEMVER = '^(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-[0-9A-Za-z.-]{1,64})?(?:\\+[0-9A-Za-z.-]{1,64})?$';
/** Plugin versions may drop the patch (or the minor): "1", "1.2", "1.2.3-beta". */
const PLUGIN_VERSION = '^(0|[1-9]\\d{0,8})(?:\\.(0|[1-9]\\d{0,8})){0,2}(?:[-+][0-9A-Za-z.+-]{1,64})?$';

export const NodeIdSchema = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
export const HashSchema = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const ConfigVersionSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const GatehouseVersionSchema = Type.String({ pattern: SEMVER, maxLength: 160 });
const ErrorCodeSchema = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' });
const TextSchema = Type.String({ maxLength: 4096 });

export const PluginInfoSchema = Type.Object({
  name: Type.String({ pattern: NAME }),
  version: Type.String({ pattern: PLUGIN_VERSION, maxLength: 160 }),
});
export type PluginInfo = Static<typeof PluginInfoSchema>;

export const HelloSchema = Type.Object({
  type: Type.Literal('hello'),
  protocol: Type.Integer({ minimum: 1, maximum: 1000 }),
  node_id: NodeIdSchema,
  hostname: Type.String({ minLength: 1, maxLength: 255 }),
  version: GatehouseVersionSchema,
  role: literals(NODE_ROLES),
  plugins: Type.Array(PluginInfoSchema, { maxItems: 1000 }),
  labels: Type.Record(Type.String({ pattern: LABEL }), Type.String({ pattern: LABEL }), { maxProperties: 64, additionalProperties: false }),
  capabilities: Type.Array(Type.String({ pattern: NAME }), { maxItems: 64 }),
  config_hash: Type.Union([HashSchema, Type.Null()]),
  config_version: Type.Union([ConfigVersionSchema, Type.Null()]),
  config_source: literals(CONFIG_SOURCES),
});
export type Hello = Static<typeof HelloSchema>;

export const WelcomeSchema = Type.Object({
  type: Type.Literal('welcome'),
  protocol: Type.Integer({ minimum: 1, maximum: 1000 }),
  version: GatehouseVersionSchema,
  max_payload: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  heartbeat_interval_ms: Type.Integer({ minimum: 1, maximum: 86_400_000 }),
});
export type Welcome = Static<typeof WelcomeSchema>;

export const RefusedSchema = Type.Object({
  type: Type.Literal('refused'),
  sync_status: literals(INCOMPATIBLE_STATUSES),
  message: TextSchema,
  /** true: the control plane closes the connection (version); false: it stays open, no config until it fits. */
  closing: Type.Boolean(),
});
export type Refused = Static<typeof RefusedSchema>;

/** The JSON header of a config frame; the gzip payload follows it in the same binary frame. */
export const ConfigHeaderSchema = Type.Object({
  type: Type.Literal('config'),
  version: ConfigVersionSchema,
  hash: HashSchema,
  /** Decompressed size in bytes (checked after decompression). */
  size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
});
export type ConfigHeader = Static<typeof ConfigHeaderSchema>;
export type ConfigMessage = ConfigHeader & { readonly payload: Buffer };

export const AckSchema = Type.Object({ type: Type.Literal('ack'), version: ConfigVersionSchema, hash: HashSchema });
export type Ack = Static<typeof AckSchema>;

export const NackSchema = Type.Object({
  type: Type.Literal('nack'),
  version: ConfigVersionSchema,
  hash: HashSchema,
  code: ErrorCodeSchema,
  message: TextSchema,
});
export type Nack = Static<typeof NackSchema>;

export const NodeHeartbeatSchema = Type.Object({
  type: Type.Literal('heartbeat'),
  config_hash: Type.Union([HashSchema, Type.Null()]),
  config_version: Type.Union([ConfigVersionSchema, Type.Null()]),
  config_source: literals(CONFIG_SOURCES),
});
export type NodeHeartbeat = Static<typeof NodeHeartbeatSchema>;

export const CpHeartbeatSchema = Type.Object({
  type: Type.Literal('heartbeat'),
  /** The newest config the control plane has (null before the first). */
  config_hash: Type.Union([HashSchema, Type.Null()]),
  config_version: Type.Union([ConfigVersionSchema, Type.Null()]),
});
export type CpHeartbeat = Static<typeof CpHeartbeatSchema>;

/** Messages a node sends; the control plane accepts nothing else. */
export type NodeMessage = Hello | NodeHeartbeat | Ack | Nack;
/** Messages the control plane sends; a node accepts nothing else. */
export type CpMessage = Welcome | Refused | ConfigMessage | CpHeartbeat;
export type ClusterMessage = NodeMessage | CpMessage;

export type Sender = 'node' | 'control_plane';

/** JSON (text-frame) schemas by sender and type; config frames are binary and handled apart. */
export const TEXT_SCHEMAS: Readonly<Record<Sender, Readonly<Record<string, TSchema>>>> = {
  node: { hello: HelloSchema, heartbeat: NodeHeartbeatSchema, ack: AckSchema, nack: NackSchema },
  control_plane: { welcome: WelcomeSchema, refused: RefusedSchema, heartbeat: CpHeartbeatSchema },
};
