// The handler's configuration: its environment parsed and checked once at cold start, through
// the settings table (contract/settings.ts) that the construct writes the environment from.
import { Settings } from '../contract/settings';
import { ConfigError, readSettings } from '../contract/settings-environment';

export { ConfigError };

/** The handler's whole configuration, parsed once at cold start: one field per setting. */
export type BackupConfig = Settings;

/**
 * Parses and checks the environment (contract/settings.ts): each setting's rule and the rules
 * between settings (`CROSS_RULES`). Throws one ConfigError listing every problem.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): BackupConfig {
  return readSettings(env);
}
