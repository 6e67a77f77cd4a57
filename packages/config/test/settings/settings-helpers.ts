// Shared helpers for the settings tests (not a test file itself).
import assert from 'node:assert/strict';
import { formatSettingsError, parseConfFile, resolveSettings } from '../../src/settings/index.js';
import type { LoadedSettings, ResolveSettingsOptions, SettingsError, SettingsResult } from '../../src/settings/index.js';

/** The minimum a data plane needs, so tests can focus on one thing. */
export const DP_BASE = 'cluster_control_plane = cp.example.com:8005\n';

export function resolveText(text: string, options: Omit<ResolveSettingsOptions, 'conf'> = {}): SettingsResult {
  return resolveSettings({ env: {}, cwd: '/srv/gatehouse', ...options, conf: parseConfFile(text, 'gatehouse.conf') });
}

export function expectOk(result: SettingsResult): LoadedSettings {
  if (!result.ok) assert.fail(`expected settings, got errors:\n${result.errors.map(formatSettingsError).join('\n')}`);
  return result;
}

export function expectErrors(result: SettingsResult): readonly SettingsError[] {
  if (result.ok) assert.fail('expected errors, got settings');
  return result.errors;
}

/** The errors as the CLI prints them, one line each. */
export function errorLines(result: SettingsResult): string[] {
  return expectErrors(result).map(formatSettingsError);
}
