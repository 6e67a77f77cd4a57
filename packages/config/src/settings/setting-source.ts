// Where an effective setting came from. Precedence, lowest first:
// default < role hint (the command) < conf file < environment < override.

export type SettingSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'role_hint' }
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'override' };

/** "default" | "command" | "gatehouse.conf:12" | "env GATEHOUSE_ROLE" | "override" */
export function formatSource(source: SettingSource): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'role_hint':
      return 'command';
    case 'file':
      return `${source.file}:${source.line}`;
    case 'env':
      return `env ${source.name}`;
    case 'override':
      return 'override';
  }
}
