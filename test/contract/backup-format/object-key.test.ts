// What this suite proves: object keys name the UTC hour of the first record for any int64
// timestamp, and parse back, including the keys that earlier releases wrote.
import { objectKey, parseObjectKey } from '../../../contract/backup-format';

const parts = { prefix: 'kafka/', instanceId: 'ckafka-1', topic: 'orders', partition: 3, startOffset: 42 };
const folderOf = (firstTimestampMs: number | bigint) =>
  /\/dt=([^/]+)\/hour=([^/]+)\//
    .exec(objectKey({ ...parts, firstTimestampMs }))!
    .slice(1, 3)
    .join(' ');

describe('objectKey', () => {
  test('names the UTC date and hour of the first record', () => {
    expect(objectKey({ ...parts, firstTimestampMs: Date.UTC(2026, 10, 24, 22, 58, 1) })).toBe(
      'kafka/ckafka-1/orders/dt=2026-11-24/hour=22/partition=3/orders+3+00000000000000000042.jsonl.gz',
    );
  });

  // Kafka timestamps are any int64; the folder is that of the time clamped to 1970..9999, so every
  // key has a four-digit year and no timestamp can make objectKey throw.
  test.each<[string, number | bigint, string]>([
    ['int64 min', -(2n ** 63n), '1970-01-01 00'],
    ['before year 0', -62_167_219_200_001, '1970-01-01 00'],
    ['1969', Date.UTC(1969, 11, 31, 23, 59, 59, 999), '1970-01-01 00'],
    ['-1 (no timestamp)', -1, '1970-01-01 00'],
    ['0', 0, '1970-01-01 00'],
    ['1', 1, '1970-01-01 00'],
    ['the second hour of 1970', 3_600_000, '1970-01-01 01'],
    ['the last millisecond of 9999', Date.UTC(9999, 11, 31, 23, 59, 59, 999), '9999-12-31 23'],
    ['the first millisecond of 10000', Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1, '9999-12-31 23'],
    ['microseconds', 1_730_000_000_000_000, '9999-12-31 23'],
    ['the last time a Date holds', 8.64e15, '9999-12-31 23'],
    ['one after', 8.64e15 + 1, '9999-12-31 23'],
    ['2^53 + 1', 2n ** 53n + 1n, '9999-12-31 23'],
    ['int64 max', 2n ** 63n - 1n, '9999-12-31 23'],
  ])('a first timestamp of %s names dt/hour %s', (_name, timestamp, folder) => {
    expect(folderOf(timestamp)).toBe(folder);
    const key = objectKey({ ...parts, firstTimestampMs: timestamp });
    expect(parseObjectKey(key, 'kafka/')).toEqual({
      prefix: 'kafka/',
      instanceId: 'ckafka-1',
      topic: 'orders',
      day: folder.slice(0, 10),
      hour: folder.slice(11),
      partition: 3,
      startOffset: 42,
    });
  });
});

describe('parseObjectKey', () => {
  test('reads the six-digit signed years that releases before the clamp wrote', () => {
    const key = (day: string) =>
      `kafka/ckafka-1/orders/dt=${day}/hour=05/partition=3/orders+3+00000000000000000042.jsonl.gz`;
    expect(parseObjectKey(key('+056791-07-09'), 'kafka/')).toMatchObject({ day: '+056791-07-09', hour: '05' });
    expect(parseObjectKey(key('-000001-12-31'), 'kafka/')).toMatchObject({ day: '-000001-12-31', startOffset: 42 });
    // Only ISO 8601's forms: four digits, or a sign and six.
    for (const day of ['56791-02-17', '+56791-02-17', '056791-07-09', '+0567910-02-17'])
      expect(parseObjectKey(key(day), 'kafka/')).toBeNull();
  });
});
