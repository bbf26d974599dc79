// Kafka timestamps are int64s, and producers write all of them: -1 (no timestamp), 0, negative
// times, microseconds or nanoseconds as milliseconds, up to 2^63 - 1. Each must be backed up
// exactly once under a key every tool reads, never stop its partition, and come back exactly
// from a restore.
import { KafkaProducer } from '../../clients/kafka';
import { parseObjectKey } from '../../contract/backup-format';
import { LOCATION, at, cosEnv, runCli, testCos } from '../cli/cli-fixture';
import { testConfig } from '../clients/kafka/helpers';
import {
  BUCKET,
  PREFIX,
  Peers,
  expectExactlyOnce,
  handlerEnv,
  readBackup,
  runTimer,
  startPeers,
} from '../support/backup-fixture';
import { ConsumedRecord, consume, produce } from '../support/kcat';

const TOPIC = 'stamps';
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const MICROS = 1_730_000_000_000_000; // 2024-10-27 in microseconds: the year 56791 in ms
const BEYOND_DATE = 8_640_000_000_000_001; // one after the last time a Date holds
const UNSAFE = 2n ** 53n + 1n; // the first integer a double cannot hold
const ORDINARY = Date.UTC(2026, 10, 24, 22, 58, 0);
const FIRST = 'dt=1970-01-01/hour=00';
const LAST = 'dt=9999-12-31/hour=23';

type Time = number | bigint;

/**
 * Partition p holds `times` in this order; its object's folder comes from the first. librdkafka
 * (tools/kafka-mock/produce) writes positive timestamps exactly but takes 0 or less for "now", so
 * partitions with -1, 0 or negative times are written by the restore's producer, in one batch
 * per partition (deltas between -1 and 2^63 - 1 leave the int64 range and wrap around).
 */
const PARTITIONS: { times: Time[]; folder: string; via: 'librdkafka' | 'producer' }[] = [
  { times: [-1, INT64_MAX], folder: FIRST, via: 'producer' },
  { times: [0, -1], folder: FIRST, via: 'producer' },
  { times: [1, INT64_MAX], folder: FIRST, via: 'librdkafka' },
  { times: [MICROS, 1], folder: LAST, via: 'librdkafka' },
  // Both safe integers, and their delta too: only the key's date is out of reach here.
  { times: [BEYOND_DATE, 5_000_000_000_000_000], folder: LAST, via: 'librdkafka' },
  { times: [UNSAFE, MICROS], folder: LAST, via: 'librdkafka' },
  { times: [INT64_MAX, 1], folder: LAST, via: 'librdkafka' },
  { times: [INT64_MIN, 0, -5], folder: FIRST, via: 'producer' },
  {
    times: [ORDINARY, -1, INT64_MAX, INT64_MIN, 0, UNSAFE, MICROS, ORDINARY + 1],
    folder: 'dt=2026-11-24/hour=22',
    via: 'producer',
  },
];
// A second run: one more record in two partitions, each first in a new object (2^63 - 1 and -1).
const MORE: { partition: number; time: Time; folder: string; via: 'librdkafka' | 'producer' }[] = [
  { partition: 6, time: INT64_MAX, folder: LAST, via: 'librdkafka' },
  { partition: 0, time: -1, folder: FIRST, via: 'producer' },
];

const valueOf = (partition: number, offset: number) => Buffer.from(`p${partition}-o${offset}`);

type Produced = { partition: number; time: Time; offset: number; via: 'librdkafka' | 'producer' };

/** Per partition one tool only, so that the records keep their order. */
async function produceTimes(peers: Peers, records: Produced[]) {
  const viaLibrdkafka = records.filter((r) => r.via === 'librdkafka');
  const viaProducer = records.filter((r) => r.via === 'producer');
  // Guards the split: librdkafka would replace 0 or less by its clock.
  expect(viaLibrdkafka.every((r) => r.time > 0)).toBe(true);
  await produce(
    peers.kafka.bootstrap,
    TOPIC,
    viaLibrdkafka.map((r) => ({
      partition: r.partition,
      value: valueOf(r.partition, r.offset),
      headers: [['t', String(r.time)]],
      timestamp: r.time,
    })),
  );
  if (viaProducer.length === 0) return;
  const producer = new KafkaProducer(testConfig(peers.kafka.bootstrap), { idempotent: false });
  await producer.connect();
  try {
    await producer.produce(
      TOPIC,
      viaProducer.map((r) => ({
        partition: r.partition,
        key: null,
        value: valueOf(r.partition, r.offset),
        headers: [{ key: 't', value: Buffer.from(String(r.time)) }],
        timestamp: r.time,
      })),
    );
  } finally {
    await producer.close();
  }
}

describe('record timestamps: every int64 (bundled handler and CLI)', () => {
  let peers: Peers;
  /** The timestamp each record was produced with, by `partition/offset`. */
  const expected = new Map<string, Time>();
  const ends = new Map<number, number>();

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS.length }]);
  });
  afterAll(() => peers?.stop());

  const noteProduced = (partition: number, time: Time, via: Produced['via']): Produced => {
    const offset = ends.get(partition) ?? 0;
    expected.set(`${partition}/${offset}`, time);
    ends.set(partition, offset + 1);
    return { partition, time, offset, via };
  };

  test('the source topic holds the timestamps exactly as produced', async () => {
    await produceTimes(
      peers,
      PARTITIONS.flatMap((p, partition) => p.times.map((time) => noteProduced(partition, time, p.via))),
    );

    // kcat (librdkafka) reads them back, independently of the code under test.
    const source = await consume(peers.kafka.bootstrap, TOPIC);
    expect(new Map(source.map((r) => [`${r.partition}/${r.offset}`, r.timestamp]))).toEqual(expected);
  });

  test('a run backs up every record once, under keys with four-digit years', async () => {
    const run = await runTimer(handlerEnv(peers, TOPIC));
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);

    const objects = await readBackup(peers.cos, TOPIC);
    expect(objects).toHaveLength(PARTITIONS.length);
    const byPosition = expectExactlyOnce(objects, ends);
    for (const [position, time] of expected) expect(byPosition.get(position)!.timestamp).toBe(time);
    for (const { object, records } of objects) {
      const parsed = parseObjectKey(object.key, PREFIX)!;
      expect(parsed).not.toBeNull();
      expect(object.key).toContain(`/${PARTITIONS[parsed.partition].folder}/partition=${parsed.partition}/`);
      expect(records[0].offset).toBe(0);
    }
  });

  test('no timestamp stops a partition: the next run goes on', async () => {
    await produceTimes(
      peers,
      MORE.map((m) => noteProduced(m.partition, m.time, m.via)),
    );
    const run = await runTimer(handlerEnv(peers, TOPIC));
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(run.result).toEqual(expect.objectContaining({ records: MORE.length, objects: MORE.length }));

    const objects = await readBackup(peers.cos, TOPIC);
    expect(objects).toHaveLength(PARTITIONS.length + MORE.length);
    const byPosition = expectExactlyOnce(objects, ends);
    for (const [position, time] of expected) expect(byPosition.get(position)!.timestamp).toBe(time);
    for (const { partition, folder } of MORE) {
      const second = objects.find((o) => o.records[0].partition === partition && o.records[0].offset > 0)!;
      expect(second.object.key).toContain(`/${folder}/partition=${partition}/`);
    }
  });

  test('ls and verify see every object, and read the timestamps exactly', async () => {
    const env = cosEnv(peers);
    const objectCount = PARTITIONS.length + MORE.length;

    const ls = await runCli(['ls', ...LOCATION, '--json', '--exact', '--topic', TOPIC], { env });
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    // Timestamps beyond 2^53 are JSON numbers with every digit: read them as text.
    const doc = JSON.parse(ls.stdout.replace(/("(?:first|last)Timestamp": )(-?\d+)/g, '$1"$2"'));
    const partitions = doc.topics[0].partitions as {
      partition: number;
      objects: number;
      records: number;
      gaps: unknown[];
      overlaps: unknown[];
      firstTimestamp: string;
      lastTimestamp: string;
    }[];
    expect(partitions.map((p) => p.partition)).toEqual(PARTITIONS.map((_, i) => i));
    expect(partitions.reduce((sum, p) => sum + p.objects, 0)).toBe(objectCount);
    for (const p of partitions) {
      expect(p).toMatchObject({ records: ends.get(p.partition), gaps: [], overlaps: [] });
      expect(BigInt(p.firstTimestamp)).toBe(BigInt(expected.get(`${p.partition}/0`)!));
      expect(BigInt(p.lastTimestamp)).toBe(BigInt(expected.get(`${p.partition}/${ends.get(p.partition)! - 1}`)!));
    }

    const text = await runCli(['ls', ...LOCATION, '--exact', '--topic', TOPIC], { env });
    expect(text.code).toBe(0);
    const row = (partition: number) =>
      text.stdout.split('\n').find((l) => l.startsWith(`${TOPIC}  `) && l.split(/\s+/)[1] === String(partition))!;
    expect(row(0)).toMatch(/1970-01-01 00:00Z\s+1970-01-01 00:00Z\s+none \(-1\)\s+none \(-1\)$/);
    expect(row(3)).toMatch(/9999-12-31 23:00Z\s+9999-12-31 23:00Z\s+\+056791-\S+Z\s+1970-01-01T00:00:00.001Z$/);
    expect(row(6)).toMatch(/9223372036854775807 ms\s+9223372036854775807 ms$/);

    const verify = await runCli(['verify', ...LOCATION, '--json', '--topic', TOPIC], { env });
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toEqual(
      expect.objectContaining({ ok: true, objects: objectCount, records: expected.size, problems: [] }),
    );
  });

  test('restore writes every timestamp back exactly', async () => {
    await peers.kafka.createTopic('stamps-restored', PARTITIONS.length);
    const run = await runCli(
      [
        'restore',
        ...LOCATION,
        '--topic',
        TOPIC,
        '--to-bootstrap',
        peers.kafka.bootstrap,
        '--to-topic',
        'stamps-restored',
        '--no-idempotent',
      ],
      { env: cosEnv(peers) },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const restored: ConsumedRecord[] = await consume(peers.kafka.bootstrap, 'stamps-restored');
    expect(restored).toHaveLength(expected.size);
    const back = new Map(
      restored.map((r) => {
        const [, origin] = r.headers[r.headers.length - 1];
        const [, partition, offset] = origin!.toString().split('/');
        expect(r.partition).toBe(Number(partition));
        expect(r.value).toEqual(valueOf(Number(partition), Number(offset)));
        expect(r.timestampType).toBe('create');
        return [`${partition}/${offset}`, r.timestamp];
      }),
    );
    expect(back).toEqual(expected);
  });

  test('objects under the six-digit years of earlier releases are listed and verified too', async () => {
    // What releases before the clamp wrote for a first record in microseconds, or at -1.
    const cos = testCos(peers);
    const objects = (await peers.cos.listObjects(BUCKET, PREFIX)).filter((o) => parseObjectKey(o.key, PREFIX));
    for (const o of objects) {
      const key = `legacy/${o.key.slice(PREFIX.length)}`
        .replace(LAST, 'dt=+056791-07-09/hour=03')
        .replace(FIRST, 'dt=1969-12-31/hour=23');
      await cos.putObjectCopy({ bucket: BUCKET, key, source: { bucket: BUCKET, key: o.key } });
    }
    const legacy = at('legacy/');
    expect((await peers.cos.listObjects(BUCKET, 'legacy/')).filter((o) => o.key.includes('+056791'))).toHaveLength(
      PARTITIONS.filter((p) => p.folder === LAST).length + MORE.filter((m) => m.folder === LAST).length,
    );

    const ls = await runCli(['ls', ...legacy, '--json', '--topic', TOPIC], { env: cosEnv(peers) });
    expect(ls.code).toBe(0);
    const partitions = JSON.parse(ls.stdout).topics[0].partitions as { objects: number; gaps: unknown[] }[];
    expect(partitions.reduce((sum, p) => sum + p.objects, 0)).toBe(objects.length);
    expect(partitions.every((p) => p.gaps.length === 0)).toBe(true);
    const verify = await runCli(['verify', ...legacy, '--json', '--topic', TOPIC], { env: cosEnv(peers) });
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toEqual(
      expect.objectContaining({ ok: true, objects: objects.length, records: expected.size, problems: [] }),
    );
  });

  test('the bucket holds only keys that every tool reads', async () => {
    const keys = (await peers.cos.listObjects(BUCKET, PREFIX)).map((o) => o.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys.filter((k) => !k.includes('/_state/')))
      expect(key).toMatch(/\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/partition=\d+\//);
  });
});
