// What this suite proves: the bundled handler backs up every record exactly once and byte for
// byte, writes nothing on a run without new data, and recovers from a crash without loss.
import * as crypto from 'crypto';
import { parseObjectKey } from '../../contract/backup-format';
import { KafkaRecord } from '../../clients/kafka';
import {
  INSTANCE,
  PREFIX,
  Peers,
  expectExactlyOnce,
  handlerEnv,
  logsOf,
  readBackup,
  runTimer,
  startPeers,
} from '../support/backup-fixture';
import { ProduceRecord, produce } from '../support/kcat';
import { variedRecord } from '../cli/cli-fixture';

const TOPIC = 'orders';
const PARTITIONS = 4;
/** Records 10 ms apart from 22:58: they cross an hour boundary, so objects land in two dt/hour folders. */
const BASE_TIME = Date.UTC(2026, 10, 24, 22, 58, 0);
/** Small objects (1 MiB of JSON lines) so that the size cap and the hour folders are exercised. */
const env = (peers: Peers) => handlerEnv(peers, TOPIC, { BACKUP_MAX_OBJECT_MIB: '1' });

function expectSameRecord(actual: KafkaRecord, expected: ProduceRecord) {
  expect(actual.key === null ? null : actual.key.toString('hex')).toBe(
    expected.key == null ? null : expected.key.toString('hex'),
  );
  expect(actual.value === null ? null : actual.value.toString('hex')).toBe(
    expected.value === null ? null : expected.value.toString('hex'),
  );
  expect(actual.timestamp).toBe(expected.timestamp);
  const headers = (expected.headers ?? []).map(([key, value]) => [
    key,
    value === null ? null : Buffer.from(value).toString('hex'),
  ]);
  expect(actual.headers.map((h) => [h.key, h.value === null ? null : h.value.toString('hex')])).toEqual(headers);
}

describe('backup handler (bundle on Node 18.15, mock Kafka, local COS)', () => {
  let peers: Peers;
  const produced = new Map<string, ProduceRecord>();
  const ends = new Map<number, number>();

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS }]);
    const records = Array.from({ length: 50_000 }, (_, i) => variedRecord(i, PARTITIONS, BASE_TIME));
    const { offsets } = await produce(peers.kafka.bootstrap, TOPIC, records, { compression: 'lz4' });
    offsets.forEach(({ partition, offset }, i) => produced.set(`${partition}/${offset}`, records[i]));
    // A 1 MiB record in a batch of its own.
    const big: ProduceRecord = {
      partition: 2,
      key: Buffer.from('big'),
      value: crypto.randomBytes(1024 * 1024),
      timestamp: BASE_TIME + 600_000,
    };
    const [bigAt] = (await produce(peers.kafka.bootstrap, TOPIC, [big])).offsets;
    produced.set(`${bigAt.partition}/${bigAt.offset}`, big);
    for (const key of produced.keys()) {
      const [p, o] = key.split('/').map(Number);
      ends.set(p, Math.max(ends.get(p) ?? 0, o + 1));
    }
  });
  afterAll(() => peers?.stop());

  test('backs up every record exactly once, byte-identical, with the specified keys and metadata', async () => {
    const run = await runTimer(env(peers));
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(run.result.records).toBe(50_001);

    const objects = await readBackup(peers.cos, TOPIC);
    const byPosition = expectExactlyOnce(objects, ends);
    for (const [position, expected] of produced) expectSameRecord(byPosition.get(position)!, expected);

    for (const { object, records } of objects) {
      const parsed = parseObjectKey(object.key, PREFIX)!;
      expect(parsed).not.toBeNull();
      const first = records[0];
      const last = records[records.length - 1];
      const firstTime = new Date(Number(first.timestamp)).toISOString();
      expect(object.key).toBe(
        `${PREFIX}${INSTANCE}/${TOPIC}/dt=${firstTime.slice(0, 10)}/hour=${firstTime.slice(11, 13)}/partition=${first.partition}/` +
          `${TOPIC}+${first.partition}+${String(first.offset).padStart(20, '0')}.jsonl.gz`,
      );
      expect(object.metadata).toEqual({
        'first-offset': String(first.offset),
        'last-offset': String(last.offset),
        'record-count': String(records.length),
        // No transactions in this topic: the next object starts right after the last record.
        'next-offset': String(last.offset + 1),
        'last-timestamp': String(last.timestamp),
      });
      records.forEach((r, i) => i > 0 && expect(r.offset).toBe(records[i - 1].offset + 1));
      expect(records.every((r) => r.topic === TOPIC && r.partition === parsed.partition)).toBe(true);
    }
    expect(new Set(objects.map((o) => parseObjectKey(o.object.key, PREFIX)!.hour))).toEqual(new Set(['22', '23']));
    expect(objects.length).toBeGreaterThan(2 * PARTITIONS);
    expect(peers.cos.openMultipartUploads(`backup-1250000000`)).toEqual([]);
    // Structured logs: one line per object and a summary.
    const written = logsOf(run, 'object-written');
    expect(written).toHaveLength(objects.length);
    expect(written[0]).toEqual(
      expect.objectContaining({
        partition: expect.any(Number),
        firstOffset: expect.any(Number),
        records: expect.any(Number),
        bytes: expect.any(Number),
        durationMs: expect.any(Number),
      }),
    );
    expect(logsOf(run, 'run-finished')[0]).toEqual(expect.objectContaining({ records: 50_001, failures: 0 }));
  });

  test('a run with no new data writes nothing; new data goes only into new objects', async () => {
    // Every key, the `_state/` progress records included: an idle run writes nothing at all.
    const everything = await peers.cos.listObjects('backup-1250000000', PREFIX);
    const before = everything.filter((o) => !o.key.includes('/_state/'));
    const idle = await runTimer(env(peers));
    expect(idle.ok).toBe(true);
    expect(idle.result.records).toBe(0);
    expect(await peers.cos.listObjects('backup-1250000000', PREFIX)).toEqual(everything);

    const more = Array.from({ length: 400 }, (_, i) => variedRecord(60_000 + i, PARTITIONS, BASE_TIME));
    const { offsets } = await produce(peers.kafka.bootstrap, TOPIC, more);
    offsets.forEach(({ partition, offset }, i) => {
      produced.set(`${partition}/${offset}`, more[i]);
      ends.set(partition, Math.max(ends.get(partition)!, offset + 1));
    });
    const next = await runTimer(env(peers));
    expect(next.result.records).toBe(400);
    const after = (await peers.cos.listObjects('backup-1250000000', PREFIX)).filter((o) => !o.key.includes('/_state/'));
    expect(after.length).toBe(before.length + PARTITIONS);
    for (const old of before) expect(after).toContainEqual(old);
    const byPosition = expectExactlyOnce(await readBackup(peers.cos, TOPIC), ends);
    for (const [position, expected] of produced) expectSameRecord(byPosition.get(position)!, expected);
  });

  test('a crash between an upload and its commit leaves no duplicate and no gap', async () => {
    const more = Array.from({ length: 2_000 }, (_, i) => variedRecord(70_000 + i, PARTITIONS, BASE_TIME));
    const { offsets } = await produce(peers.kafka.bootstrap, TOPIC, more);
    offsets.forEach(({ partition, offset }) => ends.set(partition, Math.max(ends.get(partition)!, offset + 1)));

    const crashed = await runTimer(env(peers), { killWhen: (line) => line.event === 'object-written' });
    expect(crashed.signal).toBe('SIGKILL');
    const retried = await runTimer(env(peers));
    expect(retried.ok).toBe(true);
    expectExactlyOnce(await readBackup(peers.cos, TOPIC), ends);
  });
});
