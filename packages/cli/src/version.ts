import { readFileSync } from 'node:fs';

/** The gatehouse version, from this package's package.json. */
export const GATEHOUSE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
