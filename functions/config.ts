import { Settings } from '../contract/settings';
import { ConfigError, readSettings } from '../contract/settings-environment';

export { ConfigError };

/** The handler's whole configuration, parsed once at cold start: one field per setting. */
export type BackupConfig = Settings;

/** Parses and checks the environment (contract/settings.ts); throws one ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): BackupConfig {
  return readSettings(env);
}
