// What this suite proves: the CLI's pure parts (murmur2, coverage, option parsers, object
// selection, checkpoint, rate limiter) behave as specified, without servers.
import * as fs from 'fs';
import * as path from 'path';
import { isStateKey, parseExpiredMarker, type BackupObject } from '../../cli/backup/backup-listing';
import { coverage, gapsWithin } from '../../cli/backup/coverage';
import { expiredRangeKey, objectKey, partitionStateKey } from '../../contract/backup-format';
import { murmur2, partitionForKey } from '../../cli/restore/murmur2';
import {
  mayHoldByKey,
  objectReaches,
  objectsInOffsetRange,
  objectsInTimeRange,
} from '../../cli/backup/object-selection';
import { parseByteSize, parseOffsets, parseTime } from '../../cli/command-line/option-parsers';
import { RateLimiter } from '../../cli/restore/rate-limiter';
import { jsonText } from '../../cli/command-line/json-text';
import { Checkpoint, RestoreIdentity } from '../../cli/restore/restore-checkpoint';
import { placeRecord } from '../../cli/restore/restore-plan';
import { originOf } from '../../cli/restore/restore-resume';
import { formatTimestamp } from '../../cli/command-line/text-format';
import { tempDir } from './cli-fixture';

test('murmur2 matches the Java client (Kafka test vectors)', () => {
  const vectors: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  for (const [text, hash] of vectors) expect(murmur2(Buffer.from(text))).toBe(hash);
  expect(partitionForKey(Buffer.from('foobar'), 7)).toBe((-790332482 & 0x7fffffff) % 7);
});

test('coverage finds ranges, gaps and overlaps (objects without next-offset: first to last record)', () => {
  expect(
    coverage([
      { key: 'c', start: 300, first: 300, last: 399 },
      { key: 'a', start: 0, first: 0, last: 99 },
      { key: 'b', start: 100, first: 100, last: 199 },
      { key: 'd', start: 350, first: 350, last: 449 },
    ]),
  ).toEqual({
    ranges: [
      { from: 0, to: 199 },
      { from: 300, to: 449 },
    ],
    gaps: [{ from: 200, to: 299, kind: 'missing', after: 'b', before: 'c', inexact: true }],
    overlaps: [{ from: 350, to: 399, keys: ['c', 'd'] }],
    misplaced: [],
    nextOffset: null,
  });
});

describe('coverage with next-offset: exact continuity', () => {
  test('offsets an object skips (compaction, transaction markers) are not gaps', () => {
    const result = coverage([
      // Records 0, 1, 3, 4, 7; 8 and 9 compacted away.
      { key: 'a', start: 0, first: 0, last: 7, next: 10 },
      // Starts reading at 10, first record 12.
      { key: 'b', start: 10, first: 12, last: 19, next: 21 },
      { key: 'c', start: 21, first: 21, last: 30, next: 31 },
    ]);
    expect(result).toEqual({
      ranges: [{ from: 0, to: 30 }],
      gaps: [],
      overlaps: [],
      misplaced: [],
      nextOffset: 31,
    });
  });

  test("a key above the previous next-offset is a gap, even when the records' offsets would pass the old rule", () => {
    const { gaps } = coverage([
      { key: 'a', start: 0, first: 0, last: 99, next: 120 },
      { key: 'b', start: 130, first: 130, last: 199, next: 200 },
    ]);
    expect(gaps).toEqual([{ from: 120, to: 129, kind: 'missing', after: 'a', before: 'b' }]);
  });

  test('a key below the previous next-offset without shared records is misplaced; shared records overlap', () => {
    const result = coverage([
      { key: 'a', start: 0, first: 0, last: 99, next: 100 },
      { key: 'b', start: 100, first: 100, last: 199, next: 200 },
      { key: 'dup', start: 110, first: 200, last: 249, next: 250 },
      { key: 'c', start: 200, first: 200, last: 249, next: 250 },
    ]);
    expect(result.misplaced).toEqual([{ key: 'dup', start: 110, expected: 200, after: 'b' }]);
    expect(result.overlaps).toEqual([{ from: 200, to: 249, keys: ['dup', 'c'] }]);
    expect(result.gaps).toEqual([]);
  });

  test('expired-range markers: kinds apart, before, between and after the objects', () => {
    const { gaps } = coverage(
      [
        { key: 'a', start: 100, first: 100, last: 199, next: 200 },
        // 200-299 missing: 200-249 expired, 250-299 unexplained.
        { key: 'b', start: 300, first: 300, last: 399, next: 400 },
      ],
      [
        { key: 'm0', from: 0, to: 100 },
        { key: 'm1', from: 200, to: 250 },
        { key: 'm2', from: 400, to: 420 },
        { key: 'inside', from: 120, to: 130 },
      ],
    );
    expect(gaps).toEqual([
      { from: 0, to: 99, kind: 'expired-before-backup', after: null, before: 'a', marker: 'm0' },
      { from: 200, to: 249, kind: 'expired-before-backup', after: 'a', before: 'b', marker: 'm1' },
      { from: 250, to: 299, kind: 'missing', after: 'a', before: 'b' },
      { from: 400, to: 419, kind: 'expired-before-backup', after: 'b', before: null, marker: 'm2' },
    ]);
    expect(gapsWithin(gaps, 90, 210).map((g) => [g.from, g.to, g.kind])).toEqual([
      [90, 99, 'expired-before-backup'],
      [200, 210, 'expired-before-backup'],
    ]);
  });
});

test('_state/ keys are bookkeeping: never objects, and only exact expired-range keys are markers', () => {
  const prefix = 'kafka/';
  const marker = expiredRangeKey(prefix, 'ckafka-1', 'orders', 2, 100, 250);
  expect(parseExpiredMarker(marker, prefix)).toEqual({
    key: marker,
    instanceId: 'ckafka-1',
    topic: 'orders',
    partition: 2,
    from: 100,
    to: 250,
  });
  expect(isStateKey(marker, prefix)).toBe(true);
  expect(isStateKey(partitionStateKey(prefix, 'ckafka-1', 'orders', 2), prefix)).toBe(true);
  expect(parseExpiredMarker(partitionStateKey(prefix, 'ckafka-1', 'orders', 2), prefix)).toBeUndefined();
  expect(parseExpiredMarker(`${marker}.tmp`, prefix)).toBeUndefined();
  expect(parseExpiredMarker(marker, 'other/')).toBeUndefined();
  // A topic named _state is a topic: its objects are not state keys.
  const key = objectKey({
    prefix,
    instanceId: 'ckafka-1',
    topic: '_state',
    partition: 0,
    startOffset: 0,
    firstTimestampMs: 0,
  });
  expect(isStateKey(key, prefix)).toBe(false);
});

test('sizes: bytes, or with a binary unit', () => {
  expect(parseByteSize('--m', '67108864')).toBe(64 * 1024 * 1024);
  expect(parseByteSize('--m', '64MiB')).toBe(64 * 1024 * 1024);
  expect(parseByteSize('--m', '512k')).toBe(512 * 1024);
  expect(parseByteSize('--m', '1GiB')).toBe(1024 ** 3);
  expect(() => parseByteSize('--m', '0')).toThrow('--m "0" must be a size of 1 byte or more');
  expect(() => parseByteSize('--m', '64MB')).toThrow('must be a size');
});

test('times: ISO 8601 (UTC without a zone) or epoch ms', () => {
  expect(parseTime('--t', '2026-11-24')).toBe(Date.UTC(2026, 10, 24));
  expect(parseTime('--t', '2026-11-24T22:30')).toBe(Date.UTC(2026, 10, 24, 22, 30));
  expect(parseTime('--t', '2026-11-24T22:30:00+0800')).toBe(Date.UTC(2026, 10, 24, 14, 30));
  expect(parseTime('--t', '1795561080000')).toBe(1795561080000);
  expect(() => parseTime('--t', '2026-02-30T25:00')).toThrow('--t "2026-02-30T25:00" is not a time');
});

test('times before 1970 and beyond 9999: negative epoch ms, signed six-digit years; beyond a date, refused', () => {
  expect(parseTime('--t', '1969-12-31T22:00Z')).toBe(-7_200_000);
  expect(parseTime('--t', '-5000000')).toBe(-5_000_000);
  expect(parseTime('--t', '-1')).toBe(-1);
  expect(Object.is(parseTime('--t', '-0'), 0)).toBe(true);
  expect(parseTime('--t', '0001-01-01')).toBe(-62_135_596_800_000);
  expect(parseTime('--t', '-000001-01-01T00:00Z')).toBe(-62_198_755_200_000);
  expect(parseTime('--t', '+056791-07-09')).toBe(Date.parse('+056791-07-09T00:00:00Z'));
  expect(parseTime('--t', '-8640000000000000')).toBe(-8.64e15);
  expect(parseTime('--t', '8640000000000000')).toBe(8.64e15);
  for (const text of ['8640000000000001', '9223372036854775807', '-9223372036854775808']) {
    expect(() => parseTime('--t', text)).toThrow(
      `--t "${text}" is out of range: epoch milliseconds from -8640000000000000 to 8640000000000000 (the times a date can show) are taken; leave --t out for a range open at that end`,
    );
  }
  expect(() => parseTime('--t', '+275761-01-01')).toThrow('--t "+275761-01-01" is not a time');
});

test('record timestamps: any int64, compared, shown and written exactly', () => {
  const record = (timestamp: number | bigint) => ({
    topic: 't',
    partition: 0,
    offset: 0,
    timestamp,
    key: null,
    value: null,
    headers: [],
  });
  const selection = { fromTime: 0, toTime: Date.UTC(2027, 0, 1) };
  const place = (timestamp: number | bigint) => placeRecord(selection, record(timestamp));
  expect([-(2n ** 63n), -1, 0, 1_730_000_000_000_000, 2n ** 53n + 1n, 2n ** 63n - 1n].map(place)).toEqual([
    'outside-time',
    'outside-time',
    'inside',
    'outside-time',
    'outside-time',
    'outside-time',
  ]);

  expect(formatTimestamp(-1)).toBe('none (-1)');
  expect(formatTimestamp(-2)).toBe('1969-12-31T23:59:59.998Z');
  expect(formatTimestamp(1_730_000_000_000_000)).toBe('+056791-07-09T03:33:20.000Z');
  expect(formatTimestamp(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
  expect(formatTimestamp(8.64e15 + 1)).toBe('8640000000000001 ms');
  expect(formatTimestamp(-(2n ** 63n))).toBe('-9223372036854775808 ms');

  const doc = { a: 2n ** 63n - 1n, b: [-(2n ** 63n), 5], c: '9223372036854775807', d: null };
  expect(jsonText(doc)).toBe(
    '{"a":9223372036854775807,"b":[-9223372036854775808,5],"c":"9223372036854775807","d":null}',
  );
  expect(jsonText({ a: 1 }, 2)).toBe(JSON.stringify({ a: 1 }, null, 2));
});

test('offsets: one for all partitions, or per partition', () => {
  const single = parseOffsets('--o', '100');
  expect([single.at(0), single.at(7), single.partitions]).toEqual([100, 100, []]);
  const each = parseOffsets('--o', '2:50, 0:1000');
  expect([each.at(0), each.at(1), each.at(2), each.text, each.partitions]).toEqual([
    1000,
    undefined,
    50,
    '0:1000,2:50',
    [0, 2],
  ]);
  expect(() => parseOffsets('--o', '0:1,0:2')).toThrow('names partition 0 twice');
});

describe('object selection from keys', () => {
  const hour = (h: number) => Date.UTC(2026, 10, 24, h);
  const object = (startOffset: number, h: number): BackupObject => ({
    key: `k${startOffset}`,
    size: 1,
    instanceId: 'i',
    topic: 't',
    partition: 0,
    startOffset,
    hourStartMs: hour(h),
  });
  const objects = [object(0, 1), object(100, 3), object(200, 6), object(300, 9)];
  const keys = (list: BackupObject[]) => list.map((o) => o.startOffset);

  test('by offsets: an object reaches the next one', () => {
    expect(keys(objectsInOffsetRange(objects, 150, 250))).toEqual([100, 200]);
    expect(keys(objectsInOffsetRange(objects, 99, 99))).toEqual([0]);
    expect(keys(objectsInOffsetRange(objects, 400))).toEqual([300]);
    expect(keys(objectsInOffsetRange(objects, undefined, 0))).toEqual([0]);
  });

  test('by time: the hours of the keys, an hour wider on each side', () => {
    expect(keys(objectsInTimeRange(objects, hour(7), hour(8)))).toEqual([100, 200]);
    expect(keys(objectsInTimeRange(objects, hour(12)))).toEqual([300]);
    expect(keys(objectsInTimeRange(objects, undefined, hour(0)))).toEqual([]);
    expect(keys(objectsInTimeRange(objects, undefined, hour(0) + 1))).toEqual([0]);
  });

  test('with metadata: an object reaches its last offset, past later keys, and its times reach that far too', () => {
    // 0 holds 0-349: past the keys 100 and 200, up to the one at 300 (which holds 300-399).
    const last = new Map([
      [0, 349],
      [100, 149],
      [200, 249],
      [300, 399],
    ]);
    const reaches = objectReaches(objects, (o) => ({
      firstOffset: o.startOffset,
      lastOffset: last.get(o.startOffset)!,
      recordCount: 1,
    }));
    expect(reaches.map((r) => [r.offsets.from, r.offsets.to])).toEqual([
      [0, 349],
      [100, 149],
      [200, 249],
      [300, 399],
    ]);
    // Nothing starts after 349 or 399: no end. 100-149 end before the key 200 (hour 6), 200-249 before 300 (hour 9).
    expect(reaches.map((r) => [r.times.from, r.times.to])).toEqual([
      [hour(0), Number.POSITIVE_INFINITY],
      [hour(2), hour(8)],
      [hour(5), hour(11)],
      [hour(8), Number.POSITIVE_INFINITY],
    ]);
  });

  test('the folders at the ends of the clamp (before 1970, after 9999) bound no time', () => {
    const at = (startOffset: number, hourStartMs: number): BackupObject => ({ ...object(startOffset, 0), hourStartMs });
    const lastFolder = Date.UTC(9999, 11, 31, 23);
    const clamped = [at(0, 0), at(10, hour(1)), at(20, 0), at(30, lastFolder), at(40, hour(2))];
    expect(objectReaches(clamped).map((r) => [r.times.from, r.times.to])).toEqual([
      // Before 1970 or -1: any time; the next key (hour 1) still bounds the records before it.
      [Number.NEGATIVE_INFINITY, hour(3)],
      // The next key is in the 1970 folder, which bounds nothing: the one after it in 9999 neither; hour 2 does.
      [hour(0), hour(4)],
      [Number.NEGATIVE_INFINITY, hour(4)],
      [Number.NEGATIVE_INFINITY, hour(4)],
      [hour(1), Number.POSITIVE_INFINITY],
    ]);
    // A record at -5,000,000 ms is in the 1970 folder: a range before 1970 must look there.
    expect(keys(objectsInTimeRange(clamped, -7_200_000, -3_600_000))).toEqual([0, 20, 30]);
    expect(mayHoldByKey(clamped[0], { toTime: -3_600_000 })).toBe(true);
    expect(mayHoldByKey(clamped[1], { toTime: -3_600_000 })).toBe(false);
    expect(mayHoldByKey(clamped[1], { toOffset: 9 })).toBe(false);
    expect(mayHoldByKey(clamped[1], { toOffset: 10 })).toBe(true);
  });
});

test('a checkpoint is saved atomically and only loads for its own restore', () => {
  const file = path.join(tempDir('checkpoint'), 'c.json');
  const identity: RestoreIdentity = {
    source: { bucket: 'b-1', prefix: '', instanceId: 'i', topic: 't' },
    target: { bootstrap: ['h:1'], topic: 'u' },
    selection: {
      partitions: 'all',
      fromOffset: null,
      toOffset: null,
      fromTime: null,
      toTime: null,
      repartitionByKey: false,
    },
  };
  const checkpoint = Checkpoint.create(
    file,
    identity,
    new Map([
      [0, 10],
      [1, 0],
    ]),
  );
  checkpoint.markRestored(0, 0, 41);
  checkpoint.markRestored(0, 0, 40); // never backwards
  checkpoint.setTargetEndOffset(0, 52);
  checkpoint.save();
  expect(fs.readdirSync(path.dirname(file))).toEqual(['c.json']);

  const loaded = Checkpoint.load(file, identity)!;
  expect([
    loaded.lastRestored(0, 0),
    loaded.lastRestored(1, 1),
    loaded.targetEndOffset(0),
    loaded.targetEndOffset(1),
  ]).toEqual([41, -1, 52, 0]);
  expect(loaded.isRestored(0, 0, 41)).toBe(true);
  expect(loaded.isRestored(0, 0, 42)).toBe(false);
  expect(() => Checkpoint.load(file, { ...identity, target: { ...identity.target, topic: 'other' } })).toThrow(
    'belongs to another restore',
  );
  fs.writeFileSync(file, '{"version":1');
  expect(() => Checkpoint.load(file, identity)).toThrow('is damaged');
  expect(Checkpoint.load(path.join(path.dirname(file), 'none.json'), identity)).toBeUndefined();
});

test('the origin header is read from the last header only', () => {
  const record = (headers: { key: string; value: Buffer | null }[]) => ({
    topic: 'x',
    partition: 0,
    offset: 0,
    timestamp: 0,
    key: null,
    value: null,
    headers,
  });
  const origin = { key: 'ckafka-cos-backup-origin', value: Buffer.from('orders.v2/3/12345') };
  expect(originOf(record([{ key: 'a', value: null }, origin]))).toEqual({
    topic: 'orders.v2',
    partition: 3,
    offset: 12345,
  });
  expect(originOf(record([origin, { key: 'a', value: null }]))).toBeUndefined();
  expect(originOf(record([]))).toBeUndefined();
});

test('the rate limiter paces takes to the rate', async () => {
  const limiter = new RateLimiter(100);
  const started = Date.now();
  for (let i = 0; i < 4; i += 1) await limiter.take(10);
  // 40 units at 100/s: the first take is free, the other three wait 100 ms each.
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});
