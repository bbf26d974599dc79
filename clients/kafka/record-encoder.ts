// Encodes one magic-v2 record, the mirror of record-batch-decoder.ts. Headers are written
// from a list, so their order and repeated keys survive (kafkajs takes them as an object).
import type { Int64 } from '../../contract/int64';
import type { KafkaHeader } from './types';

export interface RecordToEncode {
  offsetDelta: number;
  /** Any int64 (a bigint beyond the safe range): the decoder adds it to the batch's first timestamp, wrapping. */
  timestampDelta: Int64;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeader[];
}

export function encodeRecord(record: RecordToEncode): Buffer {
  const headerKeys = record.headers.map((h) => Buffer.from(h.key, 'utf8'));
  let bodySize =
    1 +
    varlongSize(record.timestampDelta) +
    varlongSize(record.offsetDelta) +
    bytesSize(record.key) +
    bytesSize(record.value);
  bodySize += varlongSize(record.headers.length);
  record.headers.forEach((h, i) => (bodySize += bytesSize(headerKeys[i]) + bytesSize(h.value)));

  const out = Buffer.allocUnsafe(varlongSize(bodySize) + bodySize);
  let pos = writeVarlong(out, 0, bodySize);
  out[pos++] = 0; // attributes: unused
  pos = writeVarlong(out, pos, record.timestampDelta);
  pos = writeVarlong(out, pos, record.offsetDelta);
  pos = writeBytes(out, pos, record.key);
  pos = writeBytes(out, pos, record.value);
  pos = writeVarlong(out, pos, record.headers.length);
  record.headers.forEach((h, i) => {
    pos = writeBytes(out, pos, headerKeys[i]);
    pos = writeBytes(out, pos, h.value);
  });
  return out;
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

/** The zigzag encoding of an int64 as an unsigned 64-bit bigint. */
function zigzagBig(value: bigint): bigint {
  return BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
}

function varlongSize(value: Int64): number {
  if (typeof value === 'bigint') return varlongSizeBig(value);
  let raw = zigzag(value);
  let size = 1;
  while (raw >= 128) {
    raw = Math.floor(raw / 128);
    size++;
  }
  return size;
}

function bytesSize(bytes: Buffer | null): number {
  return bytes === null ? varlongSize(-1) : varlongSize(bytes.length) + bytes.length;
}

function varlongSizeBig(value: bigint): number {
  let raw = zigzagBig(value);
  let size = 1;
  while (raw >= 128n) {
    raw >>= 7n;
    size++;
  }
  return size;
}

// Arithmetic rather than bit operations: timestamp deltas can exceed 32 bits (and 2^53: bigint).
function writeVarlong(out: Buffer, pos: number, value: Int64): number {
  if (typeof value === 'bigint') {
    let raw = zigzagBig(value);
    while (raw >= 128n) {
      out[pos++] = Number(raw & 0x7fn) | 0x80;
      raw >>= 7n;
    }
    out[pos++] = Number(raw);
    return pos;
  }
  let raw = zigzag(value);
  while (raw >= 128) {
    out[pos++] = (raw % 128) | 0x80;
    raw = Math.floor(raw / 128);
  }
  out[pos++] = raw;
  return pos;
}

function writeBytes(out: Buffer, pos: number, bytes: Buffer | null): number {
  if (bytes === null) return writeVarlong(out, pos, -1);
  pos = writeVarlong(out, pos, bytes.length);
  bytes.copy(out, pos);
  return pos + bytes.length;
}
