// Decodes the record_set bytes of a fetch response (magic v2 record batches). We decode
// records ourselves instead of through kafkajs because its decoder folds headers into an
// object, losing their order, and turns every offset into a Long string.
//
// Only committed data comes out (the response of a READ_COMMITTED fetch, which ends at the last
// stable offset): control batches (transaction markers) are skipped, and so are the batches of
// aborted transactions, found the way Kafka's own consumer finds them. The response lists each
// aborted transaction that overlaps it as (producer id, first offset). Walking the batches in
// offset order, a transaction becomes aborted-and-current for its producer once a batch reaches
// its first offset; a transactional batch of such a producer is dropped; the producer's ABORT
// marker ends it (a later transaction of the same producer may be committed).
import { addInt64, int64, type Int64 } from '../../contract/int64';
import { decompress } from './compression';
import { crc32c } from './crc32c';
import { KafkaDataError } from './errors';
import { readInt64, readSafeInt64, safeSum } from './wire-int64';
import type { KafkaHeader, KafkaRecord } from './types';

const BATCH_HEADER_BYTES = 61; // baseOffset .. recordCount
const LOG_OVERHEAD = 12; // baseOffset + batchLength
const MAGIC_POS = 16;
const CRC_POS = 17;
const ATTRIBUTES_POS = 21;
const PRODUCER_ID_POS = 43;

const CODEC_MASK = 0x07;
const LOG_APPEND_TIME_FLAG = 0x08;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;

const NO_PRODUCER_ID = -1n;
/** Control record key: int16 version, int16 type (0 ABORT, 1 COMMIT). */
const ABORT_MARKER = 0;

/** An aborted transaction, as a READ_COMMITTED Fetch response lists it. */
export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: number;
}

export interface DecodedRecordSet {
  records: KafkaRecord[];
  /**
   * Offset following the last complete batch, or null when no batch was complete. Control
   * batches and dropped aborted batches count: this is the position the read reached.
   */
  nextOffset: number | null;
  /** Full size of the first batch when it was cut off by the fetch size limit, else 0. */
  truncatedBatchBytes: number;
}

export interface RecordRange {
  topic: string;
  partition: number;
  fromOffset: number;
  untilOffset: number; // exclusive
}

/**
 * The records of [fromOffset, untilOffset) in `buf`, without control records and without the
 * records of the `abortedTransactions` the same Fetch response listed.
 */
export function decodeRecordSet(
  buf: Buffer,
  range: RecordRange,
  abortedTransactions: readonly AbortedTransaction[] = [],
): DecodedRecordSet {
  const records: KafkaRecord[] = [];
  const aborted = new AbortedTransactions(abortedTransactions);
  let nextOffset: number | null = null;
  let pos = 0;
  while (buf.length - pos >= LOG_OVERHEAD) {
    const batchEnd = pos + LOG_OVERHEAD + buf.readInt32BE(pos + 8);
    if (batchEnd > buf.length || batchEnd - pos < BATCH_HEADER_BYTES) {
      // Brokers cut the last batch at the size limit; only the first one matters to us.
      return { records, nextOffset, truncatedBatchBytes: nextOffset === null ? batchEnd - pos : 0 };
    }
    const baseOffset = readSafeInt64(buf, pos, 'Batch base offset');
    const lastOffset = safeSum(baseOffset, buf.readInt32BE(pos + 23), 'Batch last offset');
    nextOffset = lastOffset + 1;
    if (baseOffset >= range.untilOffset) break;
    const where = `${range.topic}/${range.partition} batch at offset ${baseOffset}`;
    checkBatch(buf, pos, batchEnd, where);
    if (aborted.keeps(buf, pos, batchEnd, lastOffset, where) && lastOffset >= range.fromOffset) {
      decodeBatch(buf, pos, batchEnd, baseOffset, range, records, where);
    }
    pos = batchEnd;
  }
  return { records, nextOffset, truncatedBatchBytes: 0 };
}

/** Kafka's consumer algorithm for READ_COMMITTED (CompletedFetch in the Java client). */
class AbortedTransactions {
  /** By first offset: they start, in that order, as the batches reach them. */
  private readonly pending: AbortedTransaction[];
  /** Producers whose current transaction is aborted. */
  private readonly current = new Set<bigint>();

  constructor(list: readonly AbortedTransaction[]) {
    this.pending = [...list].sort((a, b) => b.firstOffset - a.firstOffset); // popped from the end
  }

  /** Whether the batch holds user data to keep: not a control batch, not of an aborted transaction. */
  keeps(buf: Buffer, start: number, end: number, lastOffset: number, where: string): boolean {
    const attributes = buf.readInt16BE(start + ATTRIBUTES_POS);
    const control = (attributes & CONTROL_FLAG) !== 0;
    const producerId = buf.readBigInt64BE(start + PRODUCER_ID_POS);
    if (producerId !== NO_PRODUCER_ID) {
      while (this.pending.length > 0 && this.pending[this.pending.length - 1].firstOffset <= lastOffset) {
        this.current.add(this.pending.pop()!.producerId);
      }
      if (control) {
        if (controlType(buf, start, end, attributes, where) === ABORT_MARKER) this.current.delete(producerId);
      } else if ((attributes & TRANSACTIONAL_FLAG) !== 0 && this.current.has(producerId)) {
        return false;
      }
    }
    return !control; // transaction markers are not user data
  }
}

/** The type of a control batch's record: 0 ABORT, 1 COMMIT, others unknown (and ignored, as Kafka does). */
function controlType(buf: Buffer, start: number, end: number, attributes: number, where: string): number {
  const reader = new RecordReader(batchRecords(buf, start, end, attributes), where);
  reader.varint(); // record length
  reader.pos += 1; // record attributes
  reader.varlong(); // timestamp delta
  reader.varint(); // offset delta
  const key = reader.bytes();
  if (key === null || key.length < 4) throw new KafkaDataError(`${where}: control record without a valid key`);
  return key.readInt16BE(2);
}

/** The bytes of a batch's records, decompressed when the batch is compressed. */
function batchRecords(buf: Buffer, start: number, end: number, attributes: number): Buffer {
  const codec = attributes & CODEC_MASK;
  const records = buf.subarray(start + BATCH_HEADER_BYTES, end);
  return codec === 0 ? records : decompress(codec, records);
}

function checkBatch(buf: Buffer, start: number, end: number, where: string): void {
  const magic = buf.readInt8(start + MAGIC_POS);
  if (magic !== 2) {
    throw new KafkaDataError(`${where} uses message format v${magic} (before Kafka 0.11), which is not supported`);
  }
  if (crc32c(buf, start + ATTRIBUTES_POS, end) !== buf.readUInt32BE(start + CRC_POS)) {
    throw new KafkaDataError(`${where} failed its CRC-32C check: the data is corrupt`);
  }
}

function decodeBatch(
  buf: Buffer,
  start: number,
  end: number,
  baseOffset: number,
  range: RecordRange,
  out: KafkaRecord[],
  where: string,
): void {
  const attributes = buf.readInt16BE(start + ATTRIBUTES_POS);
  // Timestamps are any int64 (-1, microseconds by mistake, 2^63 - 1): read exactly, never refused.
  const firstTimestamp = readInt64(buf, start + 27);
  const logAppendTime = attributes & LOG_APPEND_TIME_FLAG ? readInt64(buf, start + 35) : null;
  const count = buf.readInt32BE(start + 57);

  const reader = new RecordReader(batchRecords(buf, start, end, attributes), where);
  for (let i = 0; i < count; i++) {
    const length = reader.varint();
    const recordEnd = reader.pos + length;
    reader.pos += 1; // record attributes: unused by Kafka
    const timestampDelta = reader.varlong();
    const offset = safeSum(baseOffset, reader.varint(), 'Record offset');
    const key = reader.bytes();
    const value = reader.bytes();
    const headerCount = reader.varint();
    if (offset >= range.untilOffset) return;
    if (offset < range.fromOffset) {
      reader.pos = recordEnd;
      continue;
    }
    const headers: KafkaHeader[] = new Array(headerCount);
    for (let h = 0; h < headerCount; h++) headers[h] = { key: reader.string(), value: reader.bytes() };
    if (reader.pos !== recordEnd)
      throw new KafkaDataError(`${where}: record at offset ${offset} has an inconsistent length`);
    out.push({
      topic: range.topic,
      partition: range.partition,
      offset,
      // Kafka adds the delta with Java long arithmetic: a batch spanning -1 .. 2^63 - 1 wraps around.
      timestamp: logAppendTime ?? addInt64(firstTimestamp, timestampDelta),
      key,
      value,
      headers,
    });
  }
}

/** Sequential reader for the varint-encoded record fields. Keys and values are views, not copies. */
class RecordReader {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly where: string,
  ) {}

  varint(): number {
    const buf = this.buf;
    let raw = 0;
    let shift = 0;
    let byte: number;
    do {
      if (this.pos >= buf.length || shift > 28)
        throw new KafkaDataError(`${this.where}: malformed or truncated record`);
      byte = buf[this.pos++];
      raw |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** A zigzag varlong (at most 10 bytes, as Kafka reads them): a number, or a bigint beyond 2^53. */
  varlong(): Int64 {
    const buf = this.buf;
    const start = this.pos;
    let raw = 0;
    let scale = 1;
    let byte: number;
    do {
      if (this.pos >= buf.length || scale > 2 ** 63)
        throw new KafkaDataError(`${this.where}: malformed or truncated record`);
      byte = buf[this.pos++];
      raw += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    if (Number.isSafeInteger(raw)) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    // Beyond 2^53: again, exactly. Like Java's readVarlong, bits beyond 64 are dropped.
    let exact = 0n;
    for (let i = start; i < this.pos; i++) exact |= BigInt(buf[i] & 0x7f) << BigInt(7 * (i - start));
    exact = BigInt.asUintN(64, exact);
    return int64(BigInt.asIntN(64, (exact >> 1n) ^ -(exact & 1n)));
  }

  bytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    const start = this.pos;
    this.pos += length;
    if (this.pos > this.buf.length) throw new KafkaDataError(`${this.where}: truncated record`);
    return this.buf.subarray(start, this.pos);
  }

  string(): string {
    const length = this.varint();
    if (length < 0) throw new KafkaDataError(`${this.where}: header with a null key`);
    const start = this.pos;
    this.pos += length;
    if (this.pos > this.buf.length) throw new KafkaDataError(`${this.where}: truncated record`);
    return this.buf.toString('utf8', start, this.pos);
  }
}
