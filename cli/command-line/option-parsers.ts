// Parsers for option values. Each names the option and the accepted form in its error, so a
// typo is reported before any request is sent.
import { MAX_DATE_MS } from './text-format';
import { UsageError } from './usage-error';

const EPOCH_MS = /^-?\d+$/;
const ISO_TIME = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A point in time as epoch milliseconds: `1732489200000` (negative before 1970), or ISO 8601
 * such as `2026-11-24`, `2026-11-24T22:00`, `2026-11-24T22:00:00+08:00`, `1969-12-31T22:00Z`
 * (a signed six-digit year too, as `ls --exact` prints times beyond 9999). Without a zone it is
 * UTC, so the same command means the same range on every laptop. A record's timestamp is any
 * int64; a time beyond what a date can show (±8.64e15 ms) is refused, naming the option: leaving
 * it out leaves that end of the range open, which takes in every timestamp on that side.
 */
export function parseTime(option: string, text: string): number {
  const value = text.trim();
  if (EPOCH_MS.test(value)) {
    const ms = Number(value);
    if (Math.abs(ms) > MAX_DATE_MS) {
      throw new UsageError(
        `${option} "${text}" is out of range: epoch milliseconds from ${-MAX_DATE_MS} to ${MAX_DATE_MS} ` +
          `(the times a date can show) are taken; leave ${option} out for a range open at that end`,
      );
    }
    return ms === 0 ? 0 : ms; // not -0
  }
  let ms = Number.NaN;
  const match = ISO_TIME.exec(value);
  if (match) {
    const zone = match[1] ? match[1].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
    const local = value.slice(0, value.length - (match[1]?.length ?? 0)).replace(' ', 'T');
    ms = Date.parse(/^[+-]?[\d-]+$/.test(local) ? `${local}T00:00:00${zone}` : `${local}${zone}`);
  }
  if (!Number.isSafeInteger(ms)) {
    throw new UsageError(
      `${option} "${text}" is not a time: use ISO 8601 (2026-11-24T22:00:00Z; UTC when no zone is given) or epoch milliseconds`,
    );
  }
  return ms;
}

/** A non-negative integer (an offset, a partition), checked as a safe JavaScript number. */
export function parseNonNegativeInteger(option: string, text: string): number {
  const value = text.trim();
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${option} "${text}" must be a non-negative integer`);
  }
  return Number(value);
}

/** A number greater than zero, such as a rate. */
export function parsePositiveNumber(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${option} "${text}" must be a number greater than 0`);
  }
  return value;
}

/** `0,2,5`: partition numbers, de-duplicated and sorted. */
export function parsePartitionList(option: string, text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    throw new UsageError(`${option} "${text}" must be a comma-separated list of partition numbers, e.g. 0,2`);
  return [...new Set(parts.map((p) => parseNonNegativeInteger(option, p)))].sort((a, b) => a - b);
}

/**
 * Offsets: one number for every partition (`1000`), or per partition (`0:1000,2:50`).
 * Returns a lookup: the offset for a partition, or undefined when none applies.
 */
export type OffsetBound = (partition: number) => number | undefined;

export interface ParsedOffsets {
  /** What was given, normalised, for messages and the checkpoint identity. */
  readonly text: string;
  readonly at: OffsetBound;
  /** The partitions named in a per-partition form (empty for the single-number form). */
  readonly partitions: number[];
}

export function parseOffsets(option: string, text: string): ParsedOffsets {
  const value = text.trim();
  if (/^\d+$/.test(value)) {
    const offset = parseNonNegativeInteger(option, value);
    return { text: String(offset), at: () => offset, partitions: [] };
  }
  const byPartition = new Map<number, number>();
  for (const entry of value.split(',')) {
    const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(entry);
    if (!match)
      throw new UsageError(`${option} "${text}" must be an offset (1000) or partition:offset pairs (0:1000,2:50)`);
    const partition = parseNonNegativeInteger(option, match[1]);
    if (byPartition.has(partition)) throw new UsageError(`${option} "${text}" names partition ${partition} twice`);
    byPartition.set(partition, parseNonNegativeInteger(option, match[2]));
  }
  const partitions = [...byPartition.keys()].sort((a, b) => a - b);
  return {
    text: partitions.map((p) => `${p}:${byPartition.get(p)}`).join(','),
    at: (partition) => byPartition.get(partition),
    partitions,
  };
}

/** An integer of 1 or more, such as a concurrency. */
export function parsePositiveInteger(option: string, text: string): number {
  const value = parseNonNegativeInteger(option, text);
  if (value === 0) throw new UsageError(`${option} "${text}" must be 1 or more`);
  return value;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

/** A size in bytes: `67108864`, or with a binary unit, `64MiB`, `512KiB`, `1GiB` (K, M, G too). */
export function parseByteSize(option: string, text: string): number {
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? BYTE_UNITS[match[2].toLowerCase()] : undefined;
  const value = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(
      `${option} "${text}" must be a size of 1 byte or more, in bytes or with KiB, MiB or GiB (64MiB)`,
    );
  }
  return value;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A duration in whole seconds: a number with a unit, s, m, h or d (`90s`, `30m`, `6h`, `2d`), or
 * several (`1h30m`). A bare number is refused: minutes and seconds are too easy to mix up.
 */
export function parseDuration(option: string, text: string): number {
  const value = text.trim().toLowerCase();
  let seconds = 0;
  const valid = /^(\d+[smhd])+$/.test(value);
  if (valid) {
    for (const [, amount, unit] of value.matchAll(/(\d+)([smhd])/g)) {
      seconds += Number(amount) * DURATION_UNITS[unit];
    }
  }
  if (!valid || !Number.isSafeInteger(seconds) || seconds < 1) {
    throw new UsageError(
      `${option} "${text}" must be a duration of 1s or more: a number with a unit s, m, h or d (90s, 30m, 6h, 2d, 1h30m)`,
    );
  }
  return seconds;
}
