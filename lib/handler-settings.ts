import { Fn, Token } from 'cdktf';
import { SETTINGS, Setting, SettingName } from '../contract/settings';
import { settingsEnvironment } from '../contract/settings-environment';
import { CkafkaCosBackupProps } from './props';
import { numberText } from './tokens';

/**
 * The construct's side of the settings table (contract/settings.ts): which prop each handler
 * setting comes from, its checks at synth time, and the environment the function gets.
 */

/** The value at a dotted path of the props (`kafka.sasl.mechanism`), or undefined. */
function valueAt(props: CkafkaCosBackupProps, path: string): unknown {
  let value: unknown = props;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function parentPresent(props: CkafkaCosBackupProps, path: string): boolean {
  const parent = path.split('.').slice(0, -1).join('.');
  return parent === '' || valueAt(props, parent) !== undefined;
}

interface SettingSource {
  readonly prop: string;
  readonly value: unknown;
  /** The value is another prop's, standing in as the default (checked by that prop's own rule). */
  readonly isDefault: boolean;
}

/** Where a setting's value comes from: the first of its props that is given, else its default prop. */
function sourceOf(props: CkafkaCosBackupProps, setting: Setting<unknown>): SettingSource | undefined {
  for (const [paths, isDefault] of [
    [setting.props, false],
    [setting.defaultFromProps, true],
  ] as const) {
    for (const prop of paths ?? []) {
      const value = valueAt(props, prop);
      if (value !== undefined) return { prop, value, isDefault };
    }
  }
  return undefined;
}

const settings = Object.entries(SETTINGS) as [SettingName, Setting<unknown>][];
const unresolved = (value: unknown): boolean => Token.isUnresolved(value);

/** Every handler setting the props break, as `<prop>: <value> <rule>`; tokens pass unchecked. */
export function settingProblems(props: CkafkaCosBackupProps): string[] {
  const problems: string[] = [];
  for (const [, setting] of settings) {
    if (!setting.props) continue;
    const source = sourceOf(props, setting);
    if (!source) {
      // A missing parent (no kafka, no bucket) is reported once by the prop checks.
      const [prop] = setting.props;
      const required = setting.default === undefined && !setting.optional && !setting.defaultFromProps;
      if (required && parentPresent(props, prop)) problems.push(`${prop}: undefined is required`);
      continue;
    }
    if (source.isDefault) continue;
    for (const v of setting.type.check(source.value, unresolved)) {
      problems.push(`${source.prop}${v.at}: ${JSON.stringify(v.value)} ${v.rule}`);
    }
  }
  return problems;
}

/** A value known only at apply time, as text Terraform fills in. */
function deferredText(value: unknown): string | undefined {
  if (!unresolved(value)) return undefined;
  if (Array.isArray(value)) return Fn.join(',', value);
  return typeof value === 'number' ? Token.asString(value) : String(value);
}

/** The handler's configuration as SCF environment variables, from the props. */
export function handlerEnvironment(props: CkafkaCosBackupProps): Record<string, string> {
  const values: Partial<Record<SettingName, unknown>> = {};
  for (const [name, setting] of settings) {
    if (setting.props) values[name] = sourceOf(props, setting)?.value;
  }
  const env = settingsEnvironment(values, numberText, deferredText);
  // Construct variables win: the user's names were checked not to start with BACKUP_.
  return { ...props.environment, ...env };
}
