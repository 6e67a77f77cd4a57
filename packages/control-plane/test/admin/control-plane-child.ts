// Runs a control plane from GATEHOUSE_* settings, as `gatehouse cp` will: the process test
// spawns it with `node --import tsx`. Exit code 1 and one fatal log line when it cannot start.

import { loadSettings } from '@gatehouse/config';
import { createNodeLogger, startControlPlane } from '../../src/index.js';
import { testPlugins } from './helpers.js';

const loaded = loadSettings({ roleHint: 'control_plane' });
if (!loaded.ok) {
  console.error(JSON.stringify({ level: 60, msg: 'invalid settings', errors: loaded.errors }));
  process.exit(1);
}
const logger = createNodeLogger(loaded.settings.log_level);
try {
  await startControlPlane(loaded.settings, loaded.secrets, { logger, plugins: testPlugins(), version: '0.0.0-test' });
} catch (err) {
  const code = (err as { code?: string }).code;
  logger.fatal({ code, err }, err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
