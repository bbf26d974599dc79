// Magic-v2 record batches laid out byte by byte, as a broker returns them: the input of the
// decoder tests and of the scripted broker of the partition reader tests.
import { encodeRecord, type RecordToEncode } from '../../../clients/kafka/record-encoder';
import { compress } from '../../../clients/kafka/compression';
import { crc32c } from '../../../clients/kafka/crc32c';

export interface BatchSpec {
  baseOffset: bigint;
  lastOffsetDelta: number;
  records: RecordToEncode[];
  /** Record bytes as they are, instead of `records` (which then only gives the count). */
  rawRecords?: Buffer;
  firstTimestamp?: bigint;
  maxTimestamp?: bigint;
  attributes?: number;
  magic?: number;
  producerId?: bigint;
}

/** One batch as `spec` describes it, `records` compressed with the codec of its attributes. */
export function batch(spec: BatchSpec): Buffer {
  const codec = (spec.attributes ?? 0) & 7;
  const recordBytes = spec.rawRecords ?? Buffer.concat(spec.records.map(encodeRecord));
  const records = codec ? compress(codec, recordBytes) : recordBytes;
  const body = Buffer.alloc(40);
  body.writeInt16BE(spec.attributes ?? 0, 0);
  body.writeInt32BE(spec.lastOffsetDelta, 2);
  body.writeBigInt64BE(spec.firstTimestamp ?? 1000n, 6);
  body.writeBigInt64BE(spec.maxTimestamp ?? 1000n, 14);
  body.writeBigInt64BE(spec.producerId ?? -1n, 22); // producer id
  body.writeInt16BE(-1, 30); // producer epoch
  body.writeInt32BE(-1, 32); // base sequence
  body.writeInt32BE(spec.records.length, 36);
  const crcd = Buffer.concat([body, records]);
  const head = Buffer.alloc(21);
  head.writeBigInt64BE(spec.baseOffset, 0);
  head.writeInt32BE(9 + crcd.length, 8);
  head.writeInt32BE(0, 12); // partition leader epoch
  head.writeInt8(spec.magic ?? 2, 16);
  head.writeUInt32BE(crc32c(crcd), 17);
  return Buffer.concat([head, crcd]);
}

export const rec = (offsetDelta: number, value: string, headers: RecordToEncode['headers'] = []): RecordToEncode => ({
  offsetDelta,
  timestampDelta: offsetDelta * 10,
  key: null,
  value: Buffer.from(value),
  headers,
});

const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;

/** A batch of `values` written by producer `producerId` in a transaction. */
export function txnBatch(baseOffset: number, producerId: bigint, values: string[], attributes = TRANSACTIONAL): Buffer {
  return batch({
    baseOffset: BigInt(baseOffset),
    lastOffsetDelta: values.length - 1,
    attributes,
    producerId,
    records: values.map((v, i) => rec(i, v)),
  });
}

/** A transaction marker as a broker writes it: key (version 0, type 0 ABORT / 1 COMMIT), value (version, epoch). */
export function marker(baseOffset: number, producerId: bigint, type: 'abort' | 'commit'): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type === 'commit' ? 1 : 0, 2);
  return batch({
    baseOffset: BigInt(baseOffset),
    lastOffsetDelta: 0,
    attributes: TRANSACTIONAL | CONTROL,
    producerId,
    records: [{ offsetDelta: 0, timestampDelta: 0, key, value: Buffer.alloc(6), headers: [] }],
  });
}

/** A batch of `values` outside any transaction. */
export function valueBatch(baseOffset: number, values: string[]): Buffer {
  return batch({
    baseOffset: BigInt(baseOffset),
    lastOffsetDelta: values.length - 1,
    records: values.map((v, i) => rec(i, v)),
  });
}
