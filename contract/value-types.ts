// The value types of the settings that cross from the construct to the handler. Each type owns
// its rule, its text form in an environment variable and the way back, so the construct (which
// checks props), the handler (which parses its environment) and the CLI (which parses options)
// apply one rule, worded once.
//
// This module runs in the SCF bundle: no cdktf, no Node.js API newer than 18.15.

/** One broken rule: where in the value (`[1]`, `.timestamp`, or ''), the bad part, the rule. */
export interface Violation {
  readonly at: string;
  readonly value: unknown;
  readonly rule: string;
}

/** Says whether a value is known only at apply time (a cdktf token): such values pass unchecked. */
export type IsDeferred = (value: unknown) => boolean;

const never: IsDeferred = () => false;

export type NumberText = (value: number) => string;

export interface ValueType<T> {
  /** The allowed values in a few words, for the settings table in the README. */
  readonly summary: string;
  /** Every rule the value breaks; `deferred` parts are not checked. */
  check(value: T, deferred?: IsDeferred): Violation[];
  /**
   * The value as the text of an environment variable. `numberText` writes the numbers in it (the
   * construct passes one that also handles numbers known only at apply time).
   */
  format(value: T, numberText?: NumberText): string;
  /** Environment text back to a value, or the rules the text breaks. */
  parse(text: string): { value: T } | { violations: Violation[] };
}

function broken(value: unknown, rule: string, at = ''): Violation[] {
  return [{ at, value, rule }];
}

function parsed<T>(type: ValueType<T>, value: T): { value: T } | { violations: Violation[] } {
  const violations = type.check(value);
  return violations.length > 0 ? { violations } : { value };
}

/** An integer in [min, max]; text is plain decimal digits. */
export function integer(min: number, max: number): ValueType<number> {
  const rule = `must be an integer from ${min} to ${max}`;
  const type: ValueType<number> = {
    summary: `integer ${min}..${max}`,
    check: (value, deferred = never) =>
      deferred(value) || (Number.isInteger(value) && value >= min && value <= max) ? [] : broken(value, rule),
    format: (value, numberText = String) => numberText(value),
    parse: (text) => (/^\d+$/.test(text) ? parsed(type, Number(text)) : { violations: broken(text, rule) }),
  };
  return type;
}

/** A string matching a pattern. */
export function matching(pattern: RegExp, rule: string): ValueType<string> {
  const type: ValueType<string> = {
    summary: rule.replace(/^must (be )?/, '').replace(/^look like/, 'like'),
    check: (value, deferred = never) =>
      deferred(value) || (typeof value === 'string' && pattern.test(value)) ? [] : broken(value, rule),
    format: (value) => value,
    parse: (text) => parsed(type, text),
  };
  return type;
}

function quotedList(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** One of a fixed list of strings. */
export function oneOf<T extends string>(values: readonly T[]): ValueType<T> {
  const rule = `must be ${quotedList(values)}`;
  const type: ValueType<T> = {
    summary: quotedList(values),
    check: (value, deferred = never) => (deferred(value) || values.includes(value) ? [] : broken(value, rule)),
    format: (value) => value,
    parse: (text) => parsed(type, text as T),
  };
  return type;
}

/** true or false; text `true` / `false`. */
export const flag: ValueType<boolean> = {
  summary: '`true` or `false`',
  check: (value, deferred = never) =>
    deferred(value) || typeof value === 'boolean' ? [] : broken(value, 'must be true or false'),
  format: (value) => String(value),
  parse: (text) =>
    text === 'true' || text === 'false'
      ? { value: text === 'true' }
      : { violations: broken(text, 'must be "true" or "false"') },
};

/**
 * `host:port`, the form Kafka takes in `bootstrap.servers`: a host name, an IPv4 address, or an
 * IPv6 address in brackets (`[::1]:9092`), and a port from 1 to 65535.
 */
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const HOST_PORT_RULE = 'must be "host:port" with a port from 1 to 65535 (an IPv6 address in brackets: "[::1]:9092")';

/** True for one valid `host:port`. */
export function isHostPort(text: string): boolean {
  const m = HOST_PORT.exec(text);
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
}

/** A non-empty list of `host:port`; text is comma-separated. */
export const hostPortList: ValueType<string[]> = {
  summary: '`host:port` list (IPv6 in brackets), comma-separated in the variable',
  check: (value, deferred = never) => {
    if (deferred(value)) return [];
    if (!Array.isArray(value) || value.length === 0) return broken(value, 'must list at least one "host:port"');
    return value.flatMap((server, i) =>
      deferred(server) || (typeof server === 'string' && isHostPort(server))
        ? []
        : broken(server, HOST_PORT_RULE, `[${i}]`),
    );
  },
  format: (value) => value.join(','),
  parse: (text) => {
    const servers = text.split(',').map((s) => s.trim());
    const violations = hostPortList.check(servers);
    return violations.length > 0 ? { violations: violations.map((v) => ({ ...v, at: '' })) } : { value: servers };
  },
};

/**
 * A key prefix: '' (the bucket root) or path segments each ending in '/', no leading '/'.
 * It becomes part of a CAM resource string, so no wildcard or whitespace either.
 */
export const keyPrefix: ValueType<string> = {
  summary: "`''` or ending in `/`; no leading `/`, `//`, `*`, `?` or whitespace",
  check: (value, deferred = never) => {
    if (deferred(value) || value === '') return [];
    if (typeof value !== 'string') return broken(value, 'must be a string');
    const problems: Violation[] = [];
    if (value.startsWith('/')) problems.push(...broken(value, 'must not start with "/"'));
    if (!value.endsWith('/')) problems.push(...broken(value, 'must be empty or end with "/"'));
    if (value.includes('//')) problems.push(...broken(value, 'must not contain an empty path segment ("//")'));
    if (/[*?\s]/.test(value)) {
      problems.push(...broken(value, 'must not contain "*", "?" or whitespace (it becomes part of a CAM resource)'));
    }
    return problems;
  },
  format: (value) => value,
  parse: (text) => parsed(keyPrefix, text),
};

/** An http(s) URL without a trailing '/', such as `http://127.0.0.1:9000`. */
export const httpUrl: ValueType<string> = {
  summary: 'http(s) URL',
  check: (value, deferred = never) =>
    deferred(value) || (typeof value === 'string' && /^https?:\/\/[^/\s]+/.test(value))
      ? []
      : broken(value, 'must be an http(s) URL such as http://127.0.0.1:9000'),
  format: (value) => value,
  parse: (text) => parsed(httpUrl, text.replace(/\/+$/, '')),
};

/** Latest representable JavaScript time (ms): beyond it `Date` is invalid. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Where the backup's first run starts a partition that has no committed offset (and no record of
 * progress in the bucket): `'earliest'`, the oldest record the topic still holds; `'latest'`, only
 * records produced from then on; `{ timestamp }`, the first record at or after that time (Kafka
 * ListOffsets; the end of the partition when there is none). A partition added later starts at
 * its earliest. The native trigger (`ckafka` mode) takes `'earliest'` or `'latest'` only.
 */
export type StartPosition =
  | 'earliest'
  | 'latest'
  | {
      /** Epoch milliseconds, a non-negative integer. */
      readonly timestamp: number;
    };

/** `earliest`, `latest` or `{ timestamp: <epoch ms> }`; text `earliest`, `latest` or `timestamp:<ms>`. */
export const startPosition: ValueType<StartPosition> = {
  summary: "`'earliest'`, `'latest'` or `{ timestamp: <epoch ms> }` (variable: `timestamp:<ms>`)",
  check: (value, deferred = never) => {
    if (deferred(value) || value === 'earliest' || value === 'latest') return [];
    if (typeof value === 'object' && value !== null && 'timestamp' in value) {
      const ts = value.timestamp;
      return deferred(ts) || (Number.isInteger(ts) && ts >= 0 && ts <= MAX_EPOCH_MS)
        ? []
        : broken(ts, 'must be epoch milliseconds (a non-negative integer)', '.timestamp');
    }
    return broken(value, 'must be "earliest", "latest" or { timestamp: <epoch ms> }');
  },
  format: (value, numberText = String) =>
    typeof value === 'string' ? value : `timestamp:${numberText(value.timestamp)}`,
  parse: (text) => {
    if (text === 'earliest' || text === 'latest') return { value: text };
    const m = /^timestamp:(\d+)$/.exec(text);
    if (m && Number(m[1]) <= MAX_EPOCH_MS) return { value: { timestamp: Number(m[1]) } };
    return { violations: broken(text, 'must be "earliest", "latest" or "timestamp:<epoch ms>"') };
  },
};

/**
 * A Kafka topic name: 1-249 letters, digits, `.`, `_` and `-`, and neither `.` nor `..` (Kafka's
 * own rule, `Topic.validate`).
 */
export const TOPIC_NAME_RULE = 'must be 1-249 characters of letters, digits, ".", "_" and "-", and not "." or ".."';
export function isTopicName(text: unknown): boolean {
  return typeof text === 'string' && /^[A-Za-z0-9._-]{1,249}$/.test(text) && text !== '.' && text !== '..';
}

/** One Kafka topic name (Kafka's rule, {@link TOPIC_NAME_RULE}). */
export const topicName: ValueType<string> = {
  summary: TOPIC_NAME_RULE.replace(/^must be /, ''),
  check: (value, deferred = never) => (deferred(value) || isTopicName(value) ? [] : broken(value, TOPIC_NAME_RULE)),
  format: (value) => value,
  parse: (text) => parsed(topicName, text),
};

/** A non-empty list of distinct topic names; text is comma-separated (no name holds a comma). */
export const topicList: ValueType<string[]> = {
  summary: 'topic names, comma-separated in the variable',
  check: (value, deferred = never) => {
    if (deferred(value)) return [];
    if (!Array.isArray(value) || value.length === 0) return broken(value, 'must list at least one topic');
    return value.flatMap((name, i) => {
      if (deferred(name)) return [];
      if (!isTopicName(name)) return broken(name, TOPIC_NAME_RULE, `[${i}]`);
      const first = value.indexOf(name);
      return first < i ? broken(name, `is listed twice (also at [${first}])`, `[${i}]`) : [];
    });
  },
  format: (value) => value.join(','),
  parse: (text) => {
    const names = text.split(',');
    const violations = topicList.check(names);
    return violations.length > 0 ? { violations } : { value: names };
  },
};

/**
 * The regular expression a topic pattern compiles to: JavaScript syntax, no flags, matched
 * against the whole name. Names beginning with `__` (Kafka's internal topics) never match.
 */
export function topicMatcher(pattern: string): (topic: string) => boolean {
  const whole = new RegExp(`^(?:${pattern})$`);
  return (topic) => !topic.startsWith('__') && whole.test(topic);
}

/** Why `pattern` is not a regular expression (the engine's reason, without the pattern it repeats), or undefined. */
function regExpProblem(pattern: string): string | undefined {
  try {
    // On its own first: `a)|(b` compiles only inside the whole-name wrapper, where it means something else.
    new RegExp(pattern);
    topicMatcher(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
  }
}

/** A JavaScript regular expression (no flags) that must match a whole topic name. */
export const topicPattern: ValueType<string> = {
  summary: 'a JavaScript regular expression (no flags) matched against the whole topic name',
  check: (value, deferred = never) => {
    if (deferred(value)) return [];
    if (typeof value !== 'string' || value === '') return broken(value, 'must be a non-empty regular expression');
    // A literal's slashes would be matched as characters, and no topic name holds a "/".
    if (/^\/[\s\S]*\/[a-z]*$/.test(value) && value.length > 1) {
      return broken(value, 'must be the expression alone, without the slashes (or flags) of a JavaScript literal');
    }
    const problem = regExpProblem(value);
    return problem === undefined ? [] : broken(value, `must be a JavaScript regular expression (${problem})`);
  },
  format: (value) => value,
  parse: (text) => parsed(topicPattern, text),
};
