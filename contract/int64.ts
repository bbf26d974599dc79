// Exact int64 values (record timestamps) and the arithmetic Kafka does on them, shared by the
// handler's decoder, the backup format and the CLI.

/**
 * Kafka's int64 values that the product carries exactly (record timestamps): a number while the
 * value is a safe integer, a bigint only beyond (|value| > 2^53 - 1). Each value has exactly one
 * form, so `===`, `<` and jest's `toEqual` compare exactly, and the timestamps of real records
 * stay plain numbers everywhere; only a producer's mistake (microseconds, nanoseconds, 2^63 - 1)
 * yields a bigint. Offsets stay numbers (contract/backup-format/offset.ts).
 *
 * This module runs in the SCF bundle: no Node.js API newer than 18.15.
 */
export type Int64 = number | bigint;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The one form of the int64 `value` (which must be in the int64 range). */
export function int64(value: bigint): Int64 {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/** A safe integer number, or a bigint in the int64 range (either form). */
export function isInt64(value: unknown): value is Int64 {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
}

/**
 * The int64 that `text` spells as signed decimal digits, in its one form; undefined for any other
 * text or a value outside the int64 range.
 */
export function parseInt64(text: string): Int64 | undefined {
  if (!/^-?\d{1,19}$/.test(text)) return undefined;
  const value = BigInt(text);
  return isInt64(value) ? int64(value) : undefined;
}

/** a + b as Kafka computes a record's timestamp from its batch (Java long arithmetic: wraps around). */
export function addInt64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    // Two safe integers whose exact sum is safe add exactly; an unsafe sum never rounds into the safe range.
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return int64(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
}

/** a - b, wrapping around like addInt64: the timestamp delta that addInt64 turns back into a. */
export function subtractInt64(a: Int64, b: Int64): Int64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const difference = a - b;
    if (Number.isSafeInteger(difference)) return difference;
  }
  return int64(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
}
