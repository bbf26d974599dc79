// One backed-up Kafka record per JSON line, shared by the backup handler (writes) and the CLI
// (verify, restore). Keys, values and header values stay readable when they are UTF-8 text;
// anything else is base64 with an explicit "...Encoding": "base64" marker, so every byte
// survives the round trip and null stays distinct from empty.
//
// A timestamp is any int64 and always a JSON number. Beyond the safe integer range (a bigint in
// memory) the line holds its exact decimal digits, which JSON.parse would round: the decoder then
// reads those digits from the line itself. Lines of ordinary timestamps are unchanged.
import { isUtf8 } from 'buffer';
import { INT64_MAX, INT64_MIN, parseInt64, type Int64 } from '../int64';
import type { KafkaHeader, KafkaRecord } from '../kafka-record';

/** A record as one line holds it: the Kafka record (contract/kafka-record.ts). */
export type BackupRecord = KafkaRecord;
export type BackupHeader = KafkaHeader;

interface HeaderLine {
  key: string;
  value: string | null;
  valueEncoding?: 'base64';
}

/** The record as one JSON line (no trailing newline; newlines inside values are escaped). */
export function encodeRecordLine(record: BackupRecord): string {
  if (typeof record.timestamp === 'bigint') {
    // JSON.stringify refuses a bigint: encode with timestamp 0, then put the digits in its place.
    const line = encodeRecordLine({ ...record, timestamp: 0 });
    const head = `${JSON.stringify({ topic: record.topic, partition: record.partition, offset: record.offset }).slice(0, -1)},"timestamp":`;
    return `${head}${record.timestamp}${line.slice(head.length + 1)}`;
  }
  const key = encodeBytes(record.key);
  const value = encodeBytes(record.value);
  return JSON.stringify({
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: key.text,
    ...(key.base64 ? { keyEncoding: 'base64' } : {}),
    value: value.text,
    ...(value.base64 ? { valueEncoding: 'base64' } : {}),
    headers: record.headers.map((h): HeaderLine => {
      const encoded = encodeBytes(h.value);
      return encoded.base64
        ? { key: h.key, value: encoded.text, valueEncoding: 'base64' }
        : { key: h.key, value: encoded.text };
    }),
  });
}

function encodeBytes(bytes: Buffer | null): { text: string | null; base64: boolean } {
  if (bytes === null) return { text: null, base64: false };
  const text = strictUtf8(bytes);
  return text === null ? { text: bytes.toString('base64'), base64: true } : { text, base64: false };
}

/** The text when `bytes` is exactly the UTF-8 encoding of it, else null. */
function strictUtf8(bytes: Buffer): string | null {
  // isUtf8 (Node >= 18.14) validates without decoding; valid UTF-8 decodes losslessly.
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

const RECORD_FIELDS = new Set([
  'topic',
  'partition',
  'offset',
  'timestamp',
  'key',
  'keyEncoding',
  'value',
  'valueEncoding',
  'headers',
]);
const HEADER_FIELDS = new Set(['key', 'value', 'valueEncoding']);
const LONE_SURROGATE = /\p{Surrogate}/u;
const MAX_PARTITION = 2 ** 31 - 1;

/**
 * Parses and validates one line. Throws an Error naming the field, its value and the rule
 * it breaks, prefixed with `where` (e.g. "backup.jsonl line 12").
 */
export function decodeRecordLine(line: string, where?: string): BackupRecord {
  const fail = (field: string, value: unknown, rule: string): never => {
    const found = value === undefined ? 'is missing' : `is ${show(value)}`;
    throw new Error(`${where ? `${where}: ` : ''}field "${field}" ${found} and ${rule}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw new Error(`${where ? `${where}: ` : ''}not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${where ? `${where}: ` : ''}a record line must be a JSON object, got ${show(parsed)}`);
  }
  const o = parsed as Record<string, unknown>;
  for (const field of Object.keys(o)) {
    if (!RECORD_FIELDS.has(field)) fail(field, o[field], 'is not a record field');
  }

  if (typeof o.topic !== 'string' || o.topic === '') fail('topic', o.topic, 'must be a non-empty string');
  const partition =
    integer(o.partition, 0, MAX_PARTITION) ??
    fail('partition', o.partition, `must be an integer from 0 to ${MAX_PARTITION}`);
  const offset = integer(o.offset, 0) ?? fail('offset', o.offset, 'must be a non-negative safe integer');
  const timestamp =
    timestampOf(o.timestamp, line) ??
    fail('timestamp', o.timestamp, `must be an integer of milliseconds from ${INT64_MIN} to ${INT64_MAX}`);
  const key = decodeBytes(o.key, o.keyEncoding, 'key', 'keyEncoding', fail);
  const value = decodeBytes(o.value, o.valueEncoding, 'value', 'valueEncoding', fail);

  if (!Array.isArray(o.headers)) fail('headers', o.headers, 'must be an array of {"key","value"} objects');
  const headers = (o.headers as unknown[]).map((h, i): BackupHeader => {
    const name = `headers[${i}]`;
    if (typeof h !== 'object' || h === null || Array.isArray(h))
      fail(name, h, 'must be an object with "key" and "value"');
    const header = h as Record<string, unknown>;
    for (const field of Object.keys(header)) {
      if (!HEADER_FIELDS.has(field)) fail(`${name}.${field}`, header[field], 'is not a header field');
    }
    if (typeof header.key !== 'string') fail(`${name}.key`, header.key, 'must be a string');
    return {
      key: header.key as string,
      value: decodeBytes(header.value, header.valueEncoding, `${name}.value`, `${name}.valueEncoding`, fail),
    };
  });

  return { topic: o.topic as string, partition, offset, timestamp, key, value, headers };
}

/**
 * The int64 a line's timestamp holds, or null. A number JSON.parse could not hold exactly is read
 * again from its digits in the line.
 */
function timestampOf(parsed: unknown, line: string): Int64 | null {
  if (typeof parsed !== 'number' || !Number.isInteger(parsed)) return null;
  if (Number.isSafeInteger(parsed)) return parsed === 0 ? 0 : parsed; // -0 is 0
  const digits = rawMember(line, 'timestamp');
  const exact = digits === undefined ? undefined : parseInt64(digits); // undefined for 1e300, 9007199254740993.0
  return exact ?? null;
}

/**
 * The source text of the number that member `name` of the top-level object in `line` holds (the
 * last one, as JSON.parse takes the last of repeated names). `line` is valid JSON already.
 */
const NUMBER_TEXT = /\s*(-?[\d.eE+-]+)/y;

function rawMember(line: string, name: string): string | undefined {
  let found: string | undefined;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const start = i;
      for (i++; line[i] !== '"'; i++) if (line[i] === '\\') i++;
      if (depth !== 1) continue;
      let next = i + 1;
      while (/\s/.test(line[next] ?? '')) next++;
      if (line[next] !== ':' || JSON.parse(line.slice(start, i + 1)) !== name) continue;
      NUMBER_TEXT.lastIndex = next + 1;
      found = NUMBER_TEXT.exec(line)?.[1];
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return found;
}

function integer(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max ? value : null;
}

function decodeBytes(
  value: unknown,
  encoding: unknown,
  field: string,
  encodingField: string,
  fail: (field: string, value: unknown, rule: string) => never,
): Buffer | null {
  if (encoding !== undefined && encoding !== 'base64') fail(encodingField, encoding, 'must be "base64" when present');
  if (value === null) {
    if (encoding !== undefined) fail(encodingField, encoding, `must be absent when "${field}" is null`);
    return null;
  }
  if (typeof value !== 'string') return fail(field, value, 'must be a string or null');
  if (encoding === undefined) {
    // UTF-8 cannot carry a lone surrogate: Buffer.from would silently replace it.
    if (LONE_SURROGATE.test(value)) fail(field, value, 'must be well-formed Unicode text (no lone surrogates)');
    return Buffer.from(value, 'utf8');
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value)
    fail(field, value, 'must be canonical base64 (A-Z a-z 0-9 + /, padded with =)');
  return bytes;
}

/** The offending value as JSON, shortened: a bad 1 MB value must not flood the message. */
function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
