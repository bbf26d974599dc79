// What this suite proves: our own record batch decoder and codecs, on hand-built batches: offsets,
// timestamps, headers, compaction gaps, transaction markers, aborted transactions, corrupt data.
import * as snappy from 'snappyjs';
import type { RecordToEncode } from '../../../clients/kafka/record-encoder';
import { decompress, compress } from '../../../clients/kafka/compression';
import { crc32c } from '../../../clients/kafka/crc32c';
import { KafkaDataError } from '../../../clients/kafka/errors';
import { lz4Compress, lz4Decompress } from '../../../clients/kafka/lz4-frame';
import { decodeRecordSet } from '../../../clients/kafka/record-batch-decoder';
import { snappyDecompress } from '../../../clients/kafka/snappy-xerial';
import { batch, marker, rec, txnBatch } from './record-batches';

const range = { topic: 't', partition: 0, fromOffset: 0, untilOffset: 1000 };

const values = (set: ReturnType<typeof decodeRecordSet>) => set.records.map((r) => `${r.offset}:${r.value}`);

describe('decodeRecordSet', () => {
  test('decodes offsets, timestamps and headers in order', () => {
    const headers = [
      { key: 'a', value: Buffer.from('1') },
      { key: 'b', value: null },
      { key: 'a', value: Buffer.alloc(0) },
    ];
    const decoded = decodeRecordSet(
      batch({ baseOffset: 5n, lastOffsetDelta: 1, records: [rec(0, 'x', headers), rec(1, 'y')] }),
      range,
    );
    expect(decoded.nextOffset).toBe(7);
    expect(decoded.records).toEqual([
      { topic: 't', partition: 0, offset: 5, timestamp: 1000, key: null, value: Buffer.from('x'), headers },
      { topic: 't', partition: 0, offset: 6, timestamp: 1010, key: null, value: Buffer.from('y'), headers: [] },
    ]);
  });

  test('skips offsets below the range (fetch started mid-batch) and stops at its end', () => {
    const set = batch({ baseOffset: 0n, lastOffsetDelta: 4, records: [0, 1, 2, 3, 4].map((i) => rec(i, `v${i}`)) });
    const decoded = decodeRecordSet(set, { ...range, fromOffset: 2, untilOffset: 4 });
    expect(decoded.records.map((r) => r.offset)).toEqual([2, 3]);
  });

  test('handles compacted gaps: offsets not contiguous, next offset from lastOffsetDelta', () => {
    const set = Buffer.concat([
      batch({ baseOffset: 10n, lastOffsetDelta: 7, records: [rec(0, 'a'), rec(2, 'b'), rec(5, 'c')] }),
      batch({ baseOffset: 18n, lastOffsetDelta: 3, records: [] }), // all of it compacted away
      batch({ baseOffset: 22n, lastOffsetDelta: 0, records: [rec(0, 'd')] }),
    ]);
    const decoded = decodeRecordSet(set, { ...range, fromOffset: 11 });
    expect(decoded.records.map((r) => [r.offset, r.value?.toString()])).toEqual([
      [12, 'b'],
      [15, 'c'],
      [22, 'd'],
    ]);
    expect(decoded.nextOffset).toBe(23);
  });

  test('skips control batches (transaction markers) but moves past them', () => {
    const decoded = decodeRecordSet(
      Buffer.concat([
        marker(3, 7n, 'commit'),
        batch({ baseOffset: 4n, lastOffsetDelta: 0, records: [rec(0, 'user')] }),
      ]),
      range,
    );
    expect(decoded.records.map((r) => r.offset)).toEqual([4]);
    expect(decoded.nextOffset).toBe(5);
    const markersOnly = decodeRecordSet(Buffer.concat([marker(3, 7n, 'commit'), marker(4, 8n, 'abort')]), range);
    expect(markersOnly).toEqual({ records: [], nextOffset: 5, truncatedBatchBytes: 0 });
  });

  test('uses the batch max timestamp for log-append-time topics', () => {
    const set = batch({
      baseOffset: 0n,
      lastOffsetDelta: 1,
      attributes: 0x08,
      maxTimestamp: 5555n,
      records: [rec(0, 'a'), rec(1, 'b')],
    });
    expect(decodeRecordSet(set, range).records.map((r) => r.timestamp)).toEqual([5555, 5555]);
  });

  test.each([1, 2, 3])('decompresses codec %i', (codec) => {
    const records = Array.from({ length: 50 }, (_, i) => rec(i, `value ${i} `.repeat(i)));
    const set = batch({ baseOffset: 0n, lastOffsetDelta: 49, attributes: codec, records });
    expect(decodeRecordSet(set, range).records.map((r) => r.value?.toString())).toEqual(
      records.map((r) => r.value?.toString()),
    );
  });

  test('reports a first batch cut off by the fetch size, and ignores a cut-off tail', () => {
    const first = batch({ baseOffset: 0n, lastOffsetDelta: 0, records: [rec(0, 'x'.repeat(5000))] });
    const second = batch({ baseOffset: 1n, lastOffsetDelta: 0, records: [rec(0, 'y'.repeat(5000))] });
    expect(decodeRecordSet(first.subarray(0, 1000), range)).toEqual({
      records: [],
      nextOffset: null,
      truncatedBatchBytes: first.length,
    });
    const tail = decodeRecordSet(Buffer.concat([first, second.subarray(0, 100)]), range);
    expect(tail.records.map((r) => r.offset)).toEqual([0]);
    expect(tail).toMatchObject({ nextOffset: 1, truncatedBatchBytes: 0 });
  });

  test('rejects offsets beyond Number.MAX_SAFE_INTEGER', () => {
    const unsafeOffset = batch({ baseOffset: 2n ** 53n, lastOffsetDelta: 0, records: [rec(0, 'x')] });
    expect(() => decodeRecordSet(unsafeOffset, range)).toThrow(
      'Batch base offset 9007199254740992 is outside the safe integer range',
    );
    const nearLimit = batch({ baseOffset: 2n ** 53n - 2n, lastOffsetDelta: 3, records: [rec(0, 'x')] });
    expect(() => decodeRecordSet(nearLimit, range)).toThrow(
      'Batch last offset 9007199254740993 is outside the safe integer range',
    );
  });

  // Kafka timestamps are any int64: -1 (none), negative, microseconds or nanoseconds written as
  // milliseconds, 2^63 - 1. Each is read exactly (a bigint beyond 2^53), none is refused.
  const INT64_MAX = 2n ** 63n - 1n;
  const INT64_MIN = -(2n ** 63n);
  const timeRec = (offsetDelta: number, timestampDelta: number | bigint): RecordToEncode => ({
    ...rec(offsetDelta, `v${offsetDelta}`),
    timestampDelta,
  });
  const timestamps = (set: Buffer) => decodeRecordSet(set, range).records.map((r) => r.timestamp);

  test.each([
    ['-1 (no timestamp)', -1n, -1],
    ['zero', 0n, 0],
    ['negative', -5n, -5],
    ['the largest safe integer', 2n ** 53n - 1n, Number.MAX_SAFE_INTEGER],
    ['microseconds', 1_730_000_000_000_000n, 1_730_000_000_000_000],
    ['beyond what a Date holds', 8_640_000_000_000_001n, 8_640_000_000_000_001],
    ['2^53 + 1', 2n ** 53n + 1n, 2n ** 53n + 1n],
    ['int64 max', INT64_MAX, INT64_MAX],
    ['int64 min', INT64_MIN, INT64_MIN],
  ])('reads a first timestamp of %s exactly', (_name, first, expected) => {
    const set = batch({ baseOffset: 0n, lastOffsetDelta: 0, firstTimestamp: first, records: [timeRec(0, 0)] });
    expect(timestamps(set)).toEqual([expected]);
  });

  test('adds timestamp deltas beyond 2^53 exactly, wrapping around like Kafka', () => {
    const set = batch({
      baseOffset: 0n,
      lastOffsetDelta: 4,
      firstTimestamp: -1n,
      records: [
        timeRec(0, 0),
        timeRec(1, 2n ** 53n + 2n),
        // -1 + 2^63 leaves the int64 range: Java wraps the delta to -2^63 and the sum back to 2^63 - 1.
        timeRec(2, INT64_MIN),
        timeRec(3, 1),
        timeRec(4, -(2n ** 62n)),
      ],
    });
    expect(timestamps(set)).toEqual([-1, 2n ** 53n + 1n, INT64_MAX, 0, -(2n ** 62n) - 1n]);
  });

  test('reads 10-byte varlong deltas as Kafka writes them, and refuses an 11th byte', () => {
    // One record by hand: attributes, timestampDelta (the bytes given), offsetDelta 0, null key,
    // value "x", no headers; its length first (zigzag varint).
    const withDelta = (delta: number[]) => {
      const body = [0, ...delta, 0, 1, 2, 0x78, 0];
      const set = batch({
        baseOffset: 0n,
        lastOffsetDelta: 0,
        firstTimestamp: 0n,
        records: [timeRec(0, 0)],
        rawRecords: Buffer.from([body.length * 2, ...body]),
      });
      return timestamps(set);
    };
    const nines = Array<number>(9).fill(0xff);
    expect(withDelta([...nines, 0x01])).toEqual([INT64_MIN]); // zigzag 2^64 - 1
    expect(withDelta([0xfe, ...nines.slice(1), 0x01])).toEqual([INT64_MAX]); // zigzag 2^64 - 2
    expect(withDelta([...Array<number>(9).fill(0x80), 0x01])).toEqual([2n ** 62n]); // zigzag 2^63
    expect(() => withDelta([...nines, 0x81, 0x00])).toThrow('malformed or truncated record');
  });

  test('uses a log-append max timestamp beyond 2^53 exactly', () => {
    const set = batch({
      baseOffset: 0n,
      lastOffsetDelta: 0,
      attributes: 0x08,
      maxTimestamp: INT64_MAX,
      records: [timeRec(0, 0)],
    });
    expect(timestamps(set)).toEqual([INT64_MAX]);
  });

  describe('aborted transactions (read_committed)', () => {
    // Producer 1's transaction at 0 is aborted (marker at 6), producer 2's at 2 committed
    // (marker at 7), producer 3 writes without transactions, then producer 1 starts another
    // transaction (8) that commits (marker at 9).
    const log = Buffer.concat([
      txnBatch(0, 1n, ['a0', 'a1']),
      txnBatch(2, 2n, ['c0']),
      batch({ baseOffset: 3n, lastOffsetDelta: 0, producerId: 3n, records: [rec(0, 'n0')] }),
      txnBatch(4, 1n, ['a2']),
      txnBatch(5, 2n, ['c1']),
      marker(6, 1n, 'abort'),
      marker(7, 2n, 'commit'),
      txnBatch(8, 1n, ['b0']),
      marker(9, 1n, 'commit'),
      batch({ baseOffset: 10n, lastOffsetDelta: 0, records: [rec(0, 'n1')] }),
    ]);
    const aborted = [{ producerId: 1n, firstOffset: 0 }];

    test('drops the aborted transaction, keeps committed and non-transactional records and later transactions', () => {
      const decoded = decodeRecordSet(log, range, aborted);
      expect(values(decoded)).toEqual(['2:c0', '3:n0', '5:c1', '8:b0', '10:n1']);
      expect(decoded.nextOffset).toBe(11);
    });

    test('without the list (read_uncommitted) every user record is kept, markers still skipped', () => {
      expect(values(decodeRecordSet(log, range))).toEqual([
        '0:a0',
        '1:a1',
        '2:c0',
        '3:n0',
        '4:a2',
        '5:c1',
        '8:b0',
        '10:n1',
      ]);
    });

    test('a fetch starting inside an aborted transaction drops the rest of it', () => {
      // The broker lists the transactions overlapping the response, from before the fetch offset too.
      const fromInside = decodeRecordSet(log.subarray(batchStart(log, 4)), { ...range, fromOffset: 4 }, aborted);
      expect(values(fromInside)).toEqual(['5:c1', '8:b0', '10:n1']);
    });

    test('the transaction starts at its first offset: earlier batches of the same producer are kept', () => {
      const set = Buffer.concat([
        txnBatch(0, 1n, ['k0']),
        marker(1, 1n, 'commit'),
        txnBatch(2, 1n, ['x0']),
        marker(3, 1n, 'abort'),
      ]);
      expect(values(decodeRecordSet(set, range, [{ producerId: 1n, firstOffset: 2 }]))).toEqual(['0:k0']);
    });

    test('two aborted transactions of one producer, listed in any order, and another producer interleaved', () => {
      const set = Buffer.concat([
        txnBatch(0, 1n, ['x0']),
        txnBatch(1, 2n, ['y0']),
        marker(2, 1n, 'abort'),
        txnBatch(3, 2n, ['y1']),
        txnBatch(4, 1n, ['x1', 'x2']),
        marker(6, 2n, 'abort'),
        txnBatch(7, 1n, ['x3']),
        marker(8, 1n, 'abort'),
        txnBatch(9, 2n, ['z0']),
        marker(10, 2n, 'commit'),
      ]);
      const list = [
        { producerId: 1n, firstOffset: 4 },
        { producerId: 2n, firstOffset: 1 },
        { producerId: 1n, firstOffset: 0 },
      ];
      const decoded = decodeRecordSet(set, range, list);
      expect(values(decoded)).toEqual(['9:z0']);
      expect(decoded.nextOffset).toBe(11);
    });

    test('a non-transactional batch of a producer with an aborted transaction is kept', () => {
      const set = Buffer.concat([txnBatch(0, 1n, ['x0']), txnBatch(1, 1n, ['idempotent'], 0), marker(2, 1n, 'abort')]);
      expect(values(decodeRecordSet(set, range, [{ producerId: 1n, firstOffset: 0 }]))).toEqual(['1:idempotent']);
    });

    test('stops at the range end and reports the position after the last batch read', () => {
      const decoded = decodeRecordSet(log, { ...range, untilOffset: 7 }, aborted);
      expect(values(decoded)).toEqual(['2:c0', '3:n0', '5:c1']);
      expect(decoded.nextOffset).toBe(8); // the batch at 7 starts past the range: the caller caps
    });

    test('rejects a control record without a valid key', () => {
      const bad = batch({
        baseOffset: 0n,
        lastOffsetDelta: 0,
        attributes: 0x30,
        producerId: 1n,
        records: [rec(0, 'x')],
      });
      expect(() => decodeRecordSet(bad, range, aborted)).toThrow(
        't/0 batch at offset 0: control record without a valid key',
      );
    });
  });

  test('rejects corrupt data and legacy message formats', () => {
    const good = batch({ baseOffset: 0n, lastOffsetDelta: 0, records: [rec(0, 'payload')] });
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 3] ^= 1;
    expect(() => decodeRecordSet(corrupt, range)).toThrow('t/0 batch at offset 0 failed its CRC-32C check');
    expect(() =>
      decodeRecordSet(batch({ baseOffset: 0n, lastOffsetDelta: 0, magic: 1, records: [rec(0, 'x')] }), range),
    ).toThrow('uses message format v1 (before Kafka 0.11), which is not supported');
    expect(() => decodeRecordSet(corrupt, range)).toThrow(KafkaDataError);
  });
});

/** Byte position of the batch at `offset` in a record set. */
function batchStart(set: Buffer, offset: number): number {
  let pos = 0;
  while (Number(set.readBigInt64BE(pos)) !== offset) pos += 12 + set.readInt32BE(pos + 8);
  return pos;
}

describe('codecs', () => {
  const text = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `row ${i % 977};`).join(''));

  test('crc32c matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  test('snappy reads xerial-framed data (Java clients) and raw blocks', () => {
    const chunks = [text.subarray(0, 70_000), text.subarray(70_000)].map((c) => snappy.compress(c));
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const framed = Buffer.concat([
      header,
      ...chunks.flatMap((c) => [
        Buffer.from([0, 0, c.length >> 8, c.length & 0xff].map((b, i) => (i === 1 ? c.length >> 16 : b))),
        c,
      ]),
    ]);
    expect(snappyDecompress(framed).equals(text)).toBe(true);
    expect(snappyDecompress(snappy.compress(text)).equals(text)).toBe(true);
  });

  test('lz4 frames round trip with 64 KiB independent blocks, and optional fields are skipped', () => {
    const frame = lz4Compress(text);
    expect(frame[4] & 0x20).toBe(0x20); // block independence, required by Java's reader
    expect(lz4Decompress(frame).equals(text)).toBe(true);
    expect(lz4Decompress(lz4Compress(Buffer.alloc(0))).length).toBe(0);
    // Same frame with a content size field (flag 0x08) and a content checksum (flag 0x04).
    const withSize = Buffer.concat([
      frame.subarray(0, 4),
      Buffer.from([frame[4] | 0x0c, frame[5]]),
      Buffer.alloc(8),
      frame.subarray(6),
      Buffer.alloc(4),
    ]);
    expect(lz4Decompress(withSize).equals(text)).toBe(true);
  });

  test('zstd is read-only', () => {
    expect(() => compress(4, text)).toThrow('zstd compression is not supported for producing');
    expect(() => decompress(9, text)).toThrow('Unknown record batch compression codec 9');
  });
});
