// --json output that keeps int64 record timestamps exact, even beyond what a JSON number parses to.
import { randomBytes } from 'crypto';

/**
 * JSON.stringify for --json output that may hold int64s beyond the safe integer range (record
 * timestamps): a bigint is written as a JSON number with its exact digits, which JSON.stringify
 * alone refuses. Scripts that need such values exactly read them with a big-number-aware parser.
 */
export function jsonText(value: unknown, space?: number): string {
  let bigints = false;
  // A random marker: no string in the document can be mistaken for a bigint's placeholder.
  const marker = randomBytes(12).toString('hex');
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      bigints = true;
      return `${marker}${v}`;
    },
    space,
  );
  return bigints ? text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1') : text;
}
