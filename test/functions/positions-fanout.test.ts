// What this suite proves: the start positions (earliest, latest, a timestamp), fan-out through SCF
// Invoke, and every compression codec, through the bundled handler.
import {
  Peers,
  expectExactlyOnce,
  handlerEnv,
  logsOf,
  readBackup,
  recordsByPosition,
  runTimer,
  startCloudApi,
  startPeers,
} from '../support/backup-fixture';
import { CloudApiServer } from '../support/cloud-api-server';
import { ROLE_SECRET_ID_PREFIX } from '../support/function-role';
import { Compression, produce } from '../support/kcat';
import { invokeHandler } from '../support/scf-runtime';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('start positions, fan-out and compression (bundled handler)', () => {
  let peers: Peers;
  let scfApi: CloudApiServer;

  beforeAll(async () => {
    peers = await startPeers([
      { name: 'positions', partitions: 2 },
      { name: 'wide', partitions: 10 },
      { name: 'codecs', partitions: 1 },
    ]);
    scfApi = await startCloudApi(() => ({ Result: { FunctionRequestId: 'async' } }));
    // 100 records per partition, one second apart.
    await produce(
      peers.kafka.bootstrap,
      'positions',
      Array.from({ length: 200 }, (_, i) => ({
        partition: i % 2,
        key: Buffer.from(`k${i}`),
        value: Buffer.from(`v${i}`),
        timestamp: T0 + Math.floor(i / 2) * 1000,
      })),
    );
  });
  afterAll(async () => {
    await scfApi?.stop();
    await peers?.stop();
  });

  const positionsEnv = (start: string, prefix: string) =>
    handlerEnv(peers, 'positions', {
      BACKUP_START_POSITION: start,
      BACKUP_PREFIX: prefix,
      BACKUP_CONSUMER_GROUP: `group-${prefix.slice(0, -1)}`,
    });

  test('earliest backs up everything the topic holds', async () => {
    const run = await runTimer(positionsEnv('earliest', 'earliest/'));
    expect(run.result.records).toBe(200);
    expect(logsOf(run, 'start-position').map((l) => l.offset)).toEqual([0, 0]);
  });

  test('latest skips what exists and backs up only what is produced after the first run', async () => {
    const env = positionsEnv('latest', 'latest/');
    const first = await runTimer(env);
    expect(first.result.records).toBe(0);
    expect(logsOf(first, 'start-position').map((l) => l.offset)).toEqual([100, 100]);
    await produce(peers.kafka.bootstrap, 'positions', [
      { partition: 0, value: Buffer.from('new-0'), timestamp: T0 + 500_000 },
      { partition: 1, value: Buffer.from('new-1'), timestamp: T0 + 500_000 },
    ]);
    const second = await runTimer(env);
    expect(second.result.records).toBe(2);
    const records = [...recordsByPosition(await readBackup(peers.cos, 'positions', 'latest/')).values()].filter((r) =>
      r.value?.toString().startsWith('new-'),
    );
    expect(records.map((r) => `${r.partition}/${r.offset}`).sort()).toEqual(['0/100', '1/100']);
  });

  test('a timestamp starts at the first record at or after it', async () => {
    const run = await runTimer(positionsEnv(`timestamp:${T0 + 40_000}`, 'timestamp/'));
    expect(peers.kafka.flavour).toBe('source'); // The system mock cannot answer ListOffsets by timestamp.
    expect(logsOf(run, 'start-position').map((l) => l.offset)).toEqual([40, 40]);
    // 60 old records per partition from offset 40, plus the two produced by the previous test.
    expect(run.result.records).toBe(2 * 60 + 2);
  });

  test('more partitions than one invocation takes are fanned out through SCF Invoke, and the invocations complete the backup', async () => {
    const { offsets } = await produce(
      peers.kafka.bootstrap,
      'wide',
      Array.from({ length: 1000 }, (_, i) => ({
        partition: i % 10,
        value: Buffer.from(`w${i}`),
        timestamp: T0 + i,
      })),
    );
    const env = handlerEnv(peers, 'wide', {
      BACKUP_PARTITIONS_PER_INVOCATION: '4',
      BACKUP_SCF_ENDPOINT: scfApi.endpoint,
      BACKUP_PREFIX: 'wide/',
    });
    const run = await runTimer(env);
    expect(run.ok).toBe(true);
    expect(run.result.partitions.map((p: any) => p.partition)).toEqual([0, 1, 2, 3]);

    const invokes = scfApi.calls.filter((c) => c.action === 'Invoke');
    expect(invokes).toHaveLength(2);
    const events = invokes.map((call) => {
      expect(call.body).toEqual(
        expect.objectContaining({ FunctionName: 'orders-backup', Namespace: 'default', InvocationType: 'Event' }),
      );
      // Signed with the role's keys (function-role.ts).
      expect(call.authorization).toMatch(new RegExp(`^TC3-HMAC-SHA256 Credential=${ROLE_SECRET_ID_PREFIX}[0-9a-f]+/`));
      return JSON.parse(call.body.ClientContext);
    });
    expect(events.map((e) => e.topics)).toEqual([{ wide: [4, 5, 6, 7] }, { wide: [8, 9] }]);
    // The timer run decided once whether the backup had begun, for every invocation of the run.
    expect(events.map((e) => e.begun)).toEqual([false, false]);
    expect(events.every((e) => e.Type === 'BackupPartitions' && typeof e.deadlineMs === 'number')).toBe(true);

    for (const event of events) {
      const child = await invokeHandler({ ...event, deadlineMs: Date.now() + 60_000 }, { env });
      expect(child.ok).toBe(true);
      expect(child.result.partitions.map((p: any) => p.partition)).toEqual(event.topics.wide);
    }
    const ends = new Map<number, number>();
    for (const { partition, offset } of offsets) ends.set(partition, Math.max(ends.get(partition) ?? 0, offset + 1));
    expectExactlyOnce(await readBackup(peers.cos, 'wide', 'wide/'), ends);
  });

  test('batches compressed with gzip, snappy, lz4 and zstd are all backed up byte for byte', async () => {
    const codecs: Compression[] = ['gzip', 'snappy', 'lz4', 'zstd'];
    for (const [c, compression] of codecs.entries()) {
      await produce(
        peers.kafka.bootstrap,
        'codecs',
        Array.from({ length: 50 }, (_, i) => ({
          partition: 0,
          key: Buffer.from(`${compression}-${i}`),
          value: Buffer.from(`${compression} value ${i} `.repeat(20)),
          timestamp: T0 + c * 1000 + i,
        })),
        { compression },
      );
    }
    const run = await runTimer(
      handlerEnv(peers, 'codecs', { BACKUP_PREFIX: 'codecs/', BACKUP_COMPRESSION_LEVEL: '1' }),
    );
    expect(run.result.records).toBe(200);
    const records = [
      ...expectExactlyOnce(await readBackup(peers.cos, 'codecs', 'codecs/'), new Map([[0, 200]])).values(),
    ];
    for (const compression of codecs) {
      const mine = records.filter((r) => r.key!.toString().startsWith(`${compression}-`));
      expect(mine).toHaveLength(50);
      mine.forEach((r) => expect(r.value!.toString()).toBe(`${r.key!.toString().replace('-', ' value ')} `.repeat(20)));
    }
  });
});
