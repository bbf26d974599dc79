// Offsets are plain numbers above the wire decoder. Kafka's are int64, but each record line
// holds its offset as a JSON number, so the format cannot carry one beyond 2^53 exactly
// anyway; a bigint in one layer would not lift that limit. Text that carries an offset (keys,
// metadata, the CKafka trigger's event) goes through parseOffset, which refuses what a number
// cannot hold instead of rounding it; the wire decoder does the same for int64s
// (clients/kafka/wire-int64.ts).

/** The offset `text` spells in decimal digits; throws, naming `what` and the text, for anything else. */
export function parseOffset(text: string, what: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new Error(
      `${what} "${text}" is not an offset: it must be decimal digits of a number up to ${Number.MAX_SAFE_INTEGER}`,
    );
  }
  return value;
}
