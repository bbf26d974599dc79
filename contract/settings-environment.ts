// The settings as SCF environment variables, both ways: the construct writes them, the handler
// reads them. Both go through the one table in ./settings.ts.
import { SETTINGS, Setting, SettingName, SettingNames, Settings, crossViolations, defaultOf } from './settings';
import { NumberText } from './value-types';

/** Every configuration problem, reported together before anything touches Kafka or COS. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Record<string, string | undefined>;

const entries = Object.entries(SETTINGS) as [SettingName, Setting<unknown>][];

/** Parses and checks the handler's environment; throws one ConfigError listing every problem. */
export function readSettings(env: Environment): Settings {
  const problems: string[] = [];
  const values: Partial<Record<SettingName, unknown>> = {};
  const broken = new Set<SettingName>();
  // An empty variable is a value (the construct writes the '' prefix), not an absent one.
  const text = (setting: Setting<unknown>): string | undefined => env[setting.env]?.trim();
  for (const [name, setting] of entries) {
    const raw = text(setting);
    if (raw === undefined) {
      if (setting.default === undefined && !setting.optional) {
        problems.push(`${setting.env} is missing (it must be set by the construct)`);
        broken.add(name);
      }
      // A setting that broke its own rule is absent from `values`: defaults do not follow it.
      values[name] = defaultOf(name, values);
      continue;
    }
    const parsed = setting.type.parse(raw);
    if ('violations' in parsed) {
      // Name the text as written: the whole variable, or the bad entry of a list.
      for (const v of parsed.violations) {
        problems.push(`${setting.env}=${JSON.stringify(typeof v.value === 'string' ? v.value : raw)} ${v.rule}`);
      }
      broken.add(name);
    } else {
      values[name] = parsed.value;
    }
  }
  // Rules between settings: the handler refuses what the construct refuses, rather than making do.
  const names: SettingNames = {
    label: (name) => SETTINGS[name].env,
    given: (name) => text(SETTINGS[name]) !== undefined,
  };
  for (const v of crossViolations(values, names, (name) => broken.has(name))) {
    const setting: Setting<unknown> = SETTINGS[v.setting];
    problems.push(
      v.missing
        ? `${setting.env} is missing (${v.rule})`
        : `${setting.env}=${JSON.stringify(text(setting) ?? setting.type.format(values[v.setting]))} ${v.rule}`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as unknown as Settings;
}

/** How the construct writes a value known only at apply time; undefined for a literal value. */
export type DeferredText = (value: unknown) => string | undefined;

/**
 * The environment for the named settings (the keys of `values`): defaults written out so the
 * function's configuration reads complete in a plan, absent optional ones left out.
 */
export function settingsEnvironment(
  values: Partial<Record<SettingName, unknown>>,
  numberText: NumberText = String,
  deferredText: DeferredText = () => undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, setting] of entries) {
    if (!(name in values)) continue;
    const value = values[name] ?? defaultOf(name, values, (other) => deferredText(values[other]) === undefined);
    if (value === undefined) continue;
    env[setting.env] = deferredText(value) ?? setting.type.format(value, numberText);
  }
  return env;
}
