// The handler's configuration: its environment parsed and checked once at cold start, through
// the settings table (contract/settings.ts) that the construct writes the environment from.
import { Settings } from '../contract/settings';
import { ConfigError, readSettings } from '../contract/settings-environment';

export { ConfigError };

/** The handler's whole configuration, parsed once at cold start: one field per setting. */
export type BackupConfig = Settings;

/** The configuration as one topic's backup sees it: keys, `_state/` and offsets are per topic. */
export type TopicConfig = BackupConfig & { readonly topic: string };

export function forTopic(config: BackupConfig, topic: string): TopicConfig {
  return { ...config, topic };
}

/**
 * Parses and checks the environment (contract/settings.ts): each setting's rule and the rules
 * between settings (`CROSS_RULES`). Throws one ConfigError listing every problem.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): BackupConfig {
  return readSettings(env);
}
