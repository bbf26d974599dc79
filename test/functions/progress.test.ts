// Progress survives what Kafka forgets: the backup in COS (`_state/`), not the consumer group,
// is the record of how far each partition is backed up.
//
// Before `_state/`, each of these lost or duplicated records: with the group's offsets gone a
// `latest` backup jumped to the end (records skipped) and an `earliest` one started over
// (records twice); a partition added later under `latest` started at its end; a failed fan-out
// stopped the invoking run's own partitions.
import { KafkaClient } from '../../clients/kafka';
import {
  BUCKET,
  Peers,
  expectExactlyOnce,
  handlerEnv,
  logsOf,
  readBackup,
  runTimer,
  startCloudApi,
  startPeers,
} from '../support/backup-fixture';
import { CloudApiServer } from '../support/cloud-api-server';
import { committedOffsets } from '../support/fault-harness';
import { produce } from '../support/kcat';

describe('progress kept in the bucket', () => {
  let peers: Peers;
  let failingScf: CloudApiServer;

  beforeAll(async () => {
    peers = await startPeers([
      { name: 'expiry', partitions: 2 },
      { name: 'added', partitions: 2 },
      { name: 'idle', partitions: 2 },
      { name: 'handoff', partitions: 4 },
    ]);
    failingScf = await startCloudApi(() => ({ error: { Code: 'InternalError', Message: 'SCF is having a bad day' } }));
  });
  afterAll(async () => {
    await failingScf?.stop();
    await peers?.stop();
  });

  const records = (topic: string, count: number, partitions: number, from = 0) =>
    produce(
      peers.kafka.bootstrap,
      topic,
      Array.from({ length: count }, (_, i) => ({
        partition: i % partitions,
        value: Buffer.from(`${topic}-${from + i}`),
      })),
    );

  test.each(['latest', 'earliest'])(
    'with %s, a group whose offsets expired resumes where the backup ends: nothing skipped, nothing twice',
    async (start) => {
      const prefix = `expiry-${start}/`;
      const base = { BACKUP_PREFIX: prefix, BACKUP_START_POSITION: start };
      const first = await runTimer(
        handlerEnv(peers, 'expiry', { ...base, BACKUP_CONSUMER_GROUP: `${prefix.slice(0, -1)}-a` }),
      );
      expect(first.ok).toBe(true);
      await records('expiry', 100, 2);
      const second = await runTimer(
        handlerEnv(peers, 'expiry', { ...base, BACKUP_CONSUMER_GROUP: `${prefix.slice(0, -1)}-a` }),
      );
      expect(second.ok).toBe(true);
      // Kafka dropped the group's offsets (offsets.retention.minutes): the same as a group with none.
      await records('expiry', 50, 2, 100);
      const third = await runTimer(
        handlerEnv(peers, 'expiry', { ...base, BACKUP_CONSUMER_GROUP: `${prefix.slice(0, -1)}-b` }),
      );
      expect(third.ok).toBe(true);
      expect(
        logsOf(third, 'progress-restored')
          .map((l) => l.partition)
          .sort(),
      ).toEqual([0, 1]);
      expect(third.result.records).toBe(50);
      // Everything since the first run, once; the new group mirrors the backup.
      const ends = new Map(
        [...(await committedOffsets(peers, `${prefix.slice(0, -1)}-b`, 'expiry', 2)).entries()].map(([p, o]) => [
          p,
          o!,
        ]),
      );
      // (The topic was empty at the latest backup's first run, so both hold every offset.)
      const backedUp = expectExactlyOnce(await readBackup(peers.cos, 'expiry', prefix), ends);
      expect(backedUp.size).toBe(ends.get(0)! + ends.get(1)!);
    },
  );

  test('under latest, a partition added after the backup began starts at its earliest offset', async () => {
    const env = handlerEnv(peers, 'added', { BACKUP_PREFIX: 'added/', BACKUP_START_POSITION: 'latest' });
    // The backup began before partition 1 existed: partition 0 has its position, partition 1 none.
    const kafka = new KafkaClient({
      brokers: peers.kafka.bootstrap.split(','),
      clientId: 'test',
      log: () => undefined,
    });
    await kafka.connect();
    await kafka.commitOffset(env.BACKUP_CONSUMER_GROUP, 'added', 0, 0);
    await kafka.close();
    await records('added', 40, 2);
    const run = await runTimer(env);
    expect(run.ok).toBe(true);
    expect(logsOf(run, 'start-position')).toEqual([
      expect.objectContaining({ partition: 1, offset: 0, startPosition: 'earliest (partition added later)' }),
    ]);
    expectExactlyOnce(
      await readBackup(peers.cos, 'added', 'added/'),
      new Map([
        [0, 20],
        [1, 20],
      ]),
    );
  });

  test('idle partitions are committed every run, and a run without new records writes nothing to COS', async () => {
    const env = handlerEnv(peers, 'idle', { BACKUP_PREFIX: 'idle/' });
    await records('idle', 10, 2);
    expect((await runTimer(env)).ok).toBe(true);
    const writes = () => peers.cos.requests.filter((r) => r.method === 'PUT' || r.method === 'POST').length;
    const before = writes();
    const idle = await runTimer(env);
    expect(idle.ok).toBe(true);
    expect(idle.result.records).toBe(0);
    expect(writes()).toBe(before);
    expect([...(await committedOffsets(peers, env.BACKUP_CONSUMER_GROUP, 'idle', 2)).values()]).toEqual([5, 5]);
  });

  test('a failed fan-out still backs up the invoking run’s own partitions, and fails the run naming it', async () => {
    await records('handoff', 40, 4);
    const env = handlerEnv(peers, 'handoff', {
      BACKUP_PREFIX: 'handoff/',
      BACKUP_PARTITIONS_PER_INVOCATION: '2',
      BACKUP_SCF_ENDPOINT: failingScf.endpoint,
    });
    const run = await runTimer(env);
    expect(run.ok).toBe(false);
    expect(run.error).toContain('fan-out of handoff partitions 2,3 failed');
    expect(logsOf(run, 'fan-out-failed')).toHaveLength(1);
    const objects = await readBackup(peers.cos, 'handoff', 'handoff/');
    expect(new Set(objects.flatMap((o) => o.records.map((r) => r.partition)))).toEqual(new Set([0, 1]));
    expect(objects.flatMap((o) => o.records)).toHaveLength(20);
  });

  test('COS requests for progress: three HEADs a partition per run (its state, its flag, its last object) and one a topic (its snapshots), two PUTs an object, no write when idle', async () => {
    const env = handlerEnv(peers, 'idle', { BACKUP_PREFIX: 'idle/' });
    const count = (method: string, state: boolean) =>
      peers.cos.requests.filter(
        (r) =>
          r.method === method &&
          r.bucket === BUCKET &&
          r.key.startsWith('idle/') &&
          r.key.includes('/_state/') === state,
      ).length;
    const snapshot = () => [count('HEAD', true), count('HEAD', false), count('PUT', true), count('PUT', false)];
    const before = snapshot();
    await runTimer(env);
    // The snapshot marker's HEAD: nothing changed, so no snapshot is written.
    expect(snapshot().map((n, i) => n - before[i])).toEqual([2 * 2 + 1, 2, 0, 0]);
    await records('idle', 2, 2, 10);
    const busy = snapshot();
    await runTimer(env);
    // The state, flag and last object of each partition; per object: the longer-run check before
    // it and the read-back after it, the pending key before it and the position after it.
    expect(snapshot().map((n, i) => n - busy[i])).toEqual([2 * 2 + 1, 2 + 2 * 2, 4, 2]);
  });
});
