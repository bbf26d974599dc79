// The construct's side of the settings table (contract/settings.ts): which prop each handler
// setting comes from, its value with the default applied, its checks at synth time (each
// setting's rule and the rules between settings), and the environment the function gets.
import { Fn, Token } from 'cdktf';
import { SETTINGS, Setting, SettingName, SettingNames, crossViolations, defaultOf } from '../contract/settings';
import { settingsEnvironment } from '../contract/settings-environment';
import { CkafkaCosBackupProps } from './props';
import { numberText } from './tokens';

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

/** Entries of a list a message shows before it says how many more there are. */
const SHOWN_ENTRIES = 5;

/** A value as a message shows it: JSON, a long list cut to its first entries and a count of the rest. */
export function shownValue(value: unknown): string {
  if (!Array.isArray(value) || value.length <= SHOWN_ENTRIES) return JSON.stringify(value);
  const head = value.slice(0, SHOWN_ENTRIES).map((entry) => JSON.stringify(entry));
  return `[${head.join(',')}, ... and ${value.length - SHOWN_ENTRIES} more]`;
}

/** The handler settings of the props, read once from the settings table. */
export interface PropSettings {
  /**
   * Every setting that has a prop, with the default applied (another prop's value or the
   * table's); undefined when absent and without a default (an optional setting that is off).
   */
  readonly values: Partial<Record<SettingName, unknown>>;
  /** Every table rule the props break, as `<prop>: <value> <rule>`; tokens pass unchecked. */
  readonly problems: string[];
}

/** Reads every handler setting from the props and checks it against the table's rules. */
export function propSettings(props: CkafkaCosBackupProps): PropSettings {
  const values: Partial<Record<SettingName, unknown>> = {};
  const problems: string[] = [];
  const sources = new Map<SettingName, SettingSource>();
  const broken = new Set<SettingName>();
  for (const [name, setting] of settings) {
    if (!setting.props) continue;
    const source = sourceOf(props, setting);
    // A default may follow settings read before it, but not a bad or apply-time value of theirs.
    values[name] =
      source?.value ?? defaultOf(name, values, (other) => !broken.has(other) && !unresolved(values[other]));
    if (!source) {
      // A missing parent (no kafka, no bucket) is reported once by the prop checks.
      const [prop] = setting.props;
      const required = setting.default === undefined && !setting.optional && !setting.defaultFromProps;
      if (required && parentPresent(props, prop)) {
        problems.push(`${prop}: undefined is required`);
        broken.add(name);
      }
      continue;
    }
    sources.set(name, source);
    if (source.isDefault) continue;
    for (const v of setting.type.check(source.value, unresolved)) {
      problems.push(`${source.prop}${v.at}: ${JSON.stringify(v.value)} ${v.rule}`);
      broken.add(name);
    }
  }
  // Rules between settings, on the values the handler would get (defaults included).
  const names: SettingNames = {
    label: (name) => sources.get(name)?.prop ?? SETTINGS[name].props?.[0] ?? SETTINGS[name].env,
    given: (name) => sources.get(name)?.isDefault === false,
  };
  const checked = Object.fromEntries(Object.entries(values).filter(([name]) => !broken.has(name as SettingName)));
  for (const v of crossViolations(checked, names, (name) => broken.has(name), unresolved)) {
    const value = v.missing ? undefined : values[v.setting];
    problems.push(
      v.missing
        ? `${names.label(v.setting)}: undefined is required (${v.rule})`
        : `${names.label(v.setting)}: ${shownValue(value)} ${v.rule}`,
    );
  }
  return { values, problems };
}

/** A value known only at apply time, as text Terraform fills in. */
function deferredText(value: unknown): string | undefined {
  if (!unresolved(value)) return undefined;
  if (Array.isArray(value)) return Fn.join(',', value);
  return typeof value === 'number' ? Token.asString(value) : String(value);
}

/**
 * The function's environment: the user's variables, then the handler settings (`values` of
 * {@link propSettings}) as `BACKUP_*` variables.
 */
export function functionEnvironment(
  values: Partial<Record<SettingName, unknown>>,
  userEnvironment: Record<string, string> | undefined,
): Record<string, string> {
  const env = settingsEnvironment(values, numberText, deferredText);
  // Construct variables win: the user's names were checked not to start with BACKUP_.
  return { ...userEnvironment, ...env };
}

/** The handler's configuration as SCF environment variables, from the props. */
export function handlerEnvironment(props: CkafkaCosBackupProps): Record<string, string> {
  return functionEnvironment(propSettings(props).values, props.environment);
}
