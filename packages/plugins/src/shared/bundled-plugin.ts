/**
 * A bundled plugin: the gateway's plugin contract plus what its docs page is made of. The docs
 * page (docs/plugins/<name>.md) is generated from `summary`, `notes` and the config schema, so
 * the documented fields, types and defaults are the ones the schema enforces.
 */
import type { GatewayPlugin } from '@gatehouse/gateway';

export interface BundledPlugin extends GatewayPlugin {
  /** One paragraph: what the plugin does, in Kong's terms. */
  readonly summary: string;
  /** Behaviour worth knowing: statuses, messages, headers, where Gatehouse differs from Kong. Markdown. */
  readonly notes: string;
}
