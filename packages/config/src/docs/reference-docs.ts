import { CONFIG_ERROR_CODES } from '../errors.js';
import { SECRETS } from '../settings/secrets.js';
import { SETTINGS_ERROR_CODES } from '../settings/settings-error.js';
import { SETTINGS } from '../settings/settings-schema.js';
import type { SettingDef } from '../settings/settings-schema.js';

import { cell } from './schema-table.js';

function typeOf(def: SettingDef): string {
  switch (def.kind) {
    case 'enum':
      return def.values.join(' \\| ');
    case 'boolean':
      return 'on \\| off';
    case 'integer':
      return def.min !== undefined && def.max !== undefined ? `integer ${def.min}–${def.max}` : 'integer';
    case 'integer_or_auto':
      return `auto \\| integer ${def.min}–${def.max}`;
    case 'duration':
      return 'seconds';
    case 'listen':
      return 'listen addresses';
    case 'host_port':
      return 'host:port';
    case 'storage_url':
      return 's3://bucket[/prefix]';
    case 'json_object':
      return 'JSON object';
    default:
      return def.kind;
  }
}

/** docs/settings.md, generated from the settings table: one source of truth. */
export function renderSettingsDoc(): string {
  const rows = Object.entries(SETTINGS as Record<string, SettingDef>).map(
    ([name, def]) => `| \`${name}\` | ${typeOf(def)} | ${def.default === undefined ? '—' : `\`${cell(def.default)}\``} | ${cell(def.description)} |`,
  );
  const secrets = Object.entries(SECRETS).map(([, s]) => `| ${s.env.map((e) => `\`${e}\``).join(', ')} | ${cell(s.description)} |`);
  return `# Node settings

<!-- Generated from packages/config/src/settings; regenerate with UPDATE_DOCS=1 npm test -w @gatehouse/config. -->

Every node reads a conf file (named on its command line, or in \`$GATEHOUSE_CONF\`) of
\`key = value\` or \`key: value\` lines, with \`#\` comments, \`on\`/\`off\` booleans and optional
quotes. Any setting can be overridden by an environment variable \`GATEHOUSE_<KEY IN UPPER
CASE>\` (e.g. \`GATEHOUSE_ADMIN_LISTEN\`). Unknown keys and unknown \`GATEHOUSE_*\` variables are
errors. \`gatehouse check [<conf>]\` prints the effective settings and where each came from.

| setting | type | default | what it does |
| --- | --- | --- | --- |
${rows.join('\n')}

## Secrets: environment only

These are never read from the conf file (a conf key for one is an error) and never printed.

| variable | what it is |
| --- | --- |
${secrets.join('\n')}
`;
}

/** docs/error-codes.md, generated from the code tables of each package that has them. */
export function renderErrorCodesDoc(extra: Record<string, Record<string, string>> = {}): string {
  const section = (title: string, codes: Record<string, string>) =>
    `## ${title}\n\n| code | meaning |\n| --- | --- |\n${Object.entries(codes)
      .map(([code, what]) => `| \`${code}\` | ${cell(what)} |`)
      .join('\n')}\n`;
  const sections = [section('Declarative config', CONFIG_ERROR_CODES), section('Node settings', SETTINGS_ERROR_CODES)];
  for (const [title, codes] of Object.entries(extra)) sections.push(section(title, codes));
  return `# Error codes

<!-- Generated from the packages' code tables; regenerate with UPDATE_DOCS=1 npm test -w @gatehouse/cli. -->

Every error an operator can meet has a stable code \`GW_ERR_<AREA>_<WHAT>\`. Branch on the code,
never on the message.

${sections.join('\n')}`;
}
