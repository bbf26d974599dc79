import * as fs from 'fs';
import * as path from 'path';
import type { BackupObject } from '../../cli/backup-listing';
import { coverage } from '../../cli/coverage';
import { murmur2, partitionForKey } from '../../cli/murmur2';
import { objectsInOffsetRange, objectsInTimeRange } from '../../cli/object-selection';
import { parseByteSize, parseOffsets, parseTime } from '../../cli/option-parsers';
import { RateLimiter } from '../../cli/rate-limiter';
import { Checkpoint, RestoreIdentity } from '../../cli/restore-checkpoint';
import { originOf } from '../../cli/restore-resume';
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

test('coverage finds ranges, gaps and overlaps', () => {
  expect(
    coverage([
      { key: 'c', first: 300, last: 399 },
      { key: 'a', first: 0, last: 99 },
      { key: 'b', first: 100, last: 199 },
      { key: 'd', first: 350, last: 449 },
    ]),
  ).toEqual({
    ranges: [
      { from: 0, to: 199 },
      { from: 300, to: 449 },
    ],
    gaps: [{ from: 200, to: 299, after: 'b', before: 'c' }],
    overlaps: [{ from: 350, to: 399, keys: ['c', 'd'] }],
  });
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
