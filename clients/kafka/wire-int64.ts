// Offsets are int64 on the wire but plain numbers in our records (JSON numbers in backups), so
// an offset beyond 2^53 must fail loudly instead of rounding. Error messages show the exact
// value, computed with BigInt only on failure. Timestamps are any int64 a producer wrote, so
// they are read exactly instead (readInt64, contract/int64.ts).
import { int64, type Int64 } from '../../contract/int64';
import { KafkaDataError } from './errors';

/** Reads a big-endian int64 as a number, or throws when it is not a safe integer. */
export function readSafeInt64(buf: Buffer, pos: number, what: string): number {
  const value = buf.readInt32BE(pos) * 0x1_0000_0000 + buf.readUInt32BE(pos + 4);
  if (!Number.isSafeInteger(value)) throw unsafeInteger(what, buf.readBigInt64BE(pos));
  return value;
}

/** Reads a big-endian int64 exactly: a number when it is a safe integer, else a bigint. */
export function readInt64(buf: Buffer, pos: number): Int64 {
  // Exact whenever the value is safe; an unsafe value never rounds into the safe range.
  const value = buf.readInt32BE(pos) * 0x1_0000_0000 + buf.readUInt32BE(pos + 4);
  return Number.isSafeInteger(value) ? value : int64(buf.readBigInt64BE(pos));
}

/** a + b for two safe integers, or throws when the sum is not one. */
export function safeSum(a: number, b: number, what: string): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw unsafeInteger(what, BigInt(a) + BigInt(b));
  return sum;
}

/** Converts a decimal string (kafkajs' representation of int64) to a safe number. */
export function safeNumberFromString(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw unsafeInteger(what, text);
  return value;
}

export function checkSafe(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw unsafeInteger(what, value);
  return value;
}

function unsafeInteger(what: string, exact: bigint | number | string): KafkaDataError {
  return new KafkaDataError(
    `${what} ${exact} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER}) and cannot be represented exactly`,
  );
}
