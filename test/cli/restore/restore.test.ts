// What this suite proves: `restore` brings records back byte for byte and in order, exactly once
// even when killed and run again, with key repartitioning and range selection.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { partitionForKey } from '../../../cli/restore/murmur2';
import { Peers, startPeers } from '../../support/backup-fixture';
import { ConsumedRecord, ProduceRecord, consume, produce } from '../../support/kcat';
import {
  LOCATION,
  backUpInRounds,
  cosEnv,
  restoreArgsFor,
  runCli,
  startCli,
  tempDir,
  restoredSoFar,
  variedRecord,
  waitFor,
} from '../cli-fixture';

const TOPIC = 'orders';
const PARTITIONS = 4;
const RECORDS = 20_000;
const BASE_TIME = Date.UTC(2026, 10, 24, 22, 58, 0);
const ORIGIN = 'ckafka-cos-backup-origin';

function restoreArgs(peers: Peers, toTopic: string, ...more: string[]): string[] {
  return restoreArgsFor(LOCATION, TOPIC, peers.kafka.bootstrap, toTopic, ...more);
}

/** kcat reads large records only with a fetch size above them. */
function consumeAll(peers: Peers, topic: string): Promise<ConsumedRecord[]> {
  return consume(peers.kafka.bootstrap, topic, { config: { 'fetch.message.max.bytes': 4 * 1024 * 1024 } });
}

const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));
const view = (r: ConsumedRecord) => ({
  key: hex(r.key),
  value: hex(r.value),
  timestamp: r.timestamp,
  headers: r.headers.map(([k, v]) => [k, hex(v)]),
});
const originOf = (r: ConsumedRecord) => r.headers[r.headers.length - 1][1]!.toString();

/** Every source record once in the target, each with its own origin header last. */
function expectEachOnce(source: ConsumedRecord[], target: ConsumedRecord[]) {
  const origins = target.map(originOf);
  expect(new Set(origins).size).toBe(origins.length);
  expect(origins.sort()).toEqual(source.map((r) => `${TOPIC}/${r.partition}/${r.offset}`).sort());
}

describe('restore (bundled CLI, mock Kafka, local COS)', () => {
  let peers: Peers;
  let env: Record<string, string>;
  let source: ConsumedRecord[];

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS }]);
    env = cosEnv(peers);
    const records: ProduceRecord[] = Array.from({ length: RECORDS }, (_, i) => variedRecord(i, PARTITIONS, BASE_TIME));
    await backUpInRounds(peers, TOPIC, records.slice(0, RECORDS / 2), 1);
    // A 1 MiB record in a batch of its own, between the two halves.
    await produce(peers.kafka.bootstrap, TOPIC, [
      {
        partition: 2,
        key: Buffer.from('big'),
        value: crypto.randomBytes(1024 * 1024),
        headers: [['h', 'x']],
        timestamp: BASE_TIME + 300_000,
      },
    ]);
    await backUpInRounds(peers, TOPIC, records.slice(RECORDS / 2), 2);
    source = await consumeAll(peers, TOPIC);
    expect(source).toHaveLength(RECORDS + 1);
  }, 180_000);
  afterAll(() => peers?.stop());

  test('round trip: key, value, headers, timestamp and per-partition order identical, origin header last', async () => {
    await peers.kafka.createTopic('orders-restored', PARTITIONS);
    const cwd = tempDir('restore-cwd');
    const run = await runCli(restoreArgs(peers, 'orders-restored'), { env, cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Restored ${RECORDS + 1} records of orders into orders-restored`);
    expect(run.stdout).toMatch(/partition 2: 5001 records \(offsets 0-5000\); already restored 0; outside the range 0/);

    const target = await consumeAll(peers, 'orders-restored');
    expect(target).toHaveLength(source.length);
    for (let i = 0; i < source.length; i += 1) {
      const [s, t] = [source[i], target[i]];
      expect([t.partition, t.offset]).toEqual([s.partition, s.offset]);
      expect(view(t)).toEqual({
        ...view(s),
        headers: [...view(s).headers, [ORIGIN, hex(Buffer.from(`${TOPIC}/${s.partition}/${s.offset}`))]],
      });
    }
    expect(target.find((r) => r.value !== null && r.value.length === 1024 * 1024)?.headers.map(([k]) => k)).toEqual([
      'h',
      ORIGIN,
    ]);

    // The checkpoint stays in the working directory, so running again writes nothing.
    const [checkpoint] = fs.readdirSync(cwd).filter((f) => /^\.ckafka-cos-backup-restore-[0-9a-f]{16}\.json$/.test(f));
    expect(JSON.parse(fs.readFileSync(path.join(cwd, checkpoint), 'utf8'))).toEqual(
      expect.objectContaining({ completed: true }),
    );
    const again = await runCli(restoreArgs(peers, 'orders-restored', '--json'), { env, cwd });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(expect.objectContaining({ restored: 0, completed: true }));
    expect(await consumeAll(peers, 'orders-restored')).toHaveLength(source.length);

    // From another directory the checkpoint is not found: the restored records at the end of the target are.
    const elsewhere = await runCli(restoreArgs(peers, 'orders-restored'), { env });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(
      /^ckafka-cos-backup: orders-restored already holds records of this range restored from orders \(the last record of orders-restored\/0 is orders\/0\/4999\), but there is no checkpoint at \S+: to resume that restore, run it from the directory it ran in or pass its --checkpoint; to write the range again anyway, pass --allow-duplicates\n$/,
    );
    const anyway = await runCli(restoreArgs(peers, 'orders-restored', '--allow-duplicates', '--dry-run', '--json'), {
      env,
    });
    expect(anyway.code).toBe(0);
    expect(JSON.parse(anyway.stdout).restored).toBe(source.length);
  });

  test('killed mid-way and run again: each record exactly once', async () => {
    await peers.kafka.createTopic('orders-killed', PARTITIONS);
    const file = path.join(tempDir('restore-kill'), 'checkpoint.json');
    const first = startCli(restoreArgs(peers, 'orders-killed', '--checkpoint', file, '--rate-limit', '5000'), { env });
    await waitFor(() => ((restoredSoFar(file)?.records ?? 0) >= 3000 ? true : undefined));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    const second = await runCli(restoreArgs(peers, 'orders-killed', '--checkpoint', file, '--json'), { env });
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout);
    // Objects the checkpoint covers entirely are not even downloaded.
    expect(summary.objectsSkipped).toBeGreaterThan(0);
    expect(summary.restored).toBeLessThanOrEqual(RECORDS + 1 - 3000);
    const target = await consumeAll(peers, 'orders-killed');
    expectEachOnce(source, target);
    // Same partition, same order.
    expect(target.map((r) => `${r.partition}:${originOf(r)}`)).toEqual(
      source.map((r) => `${r.partition}:${TOPIC}/${r.partition}/${r.offset}`),
    );
  });

  test('killed after an acknowledged produce but before its checkpoint save: the target is read back, nothing is written twice', async () => {
    await peers.kafka.createTopic('orders-unsaved', PARTITIONS);
    const file = path.join(tempDir('restore-unsaved'), 'checkpoint.json');
    const first = startCli(restoreArgs(peers, 'orders-unsaved', '--checkpoint', file, '--rate-limit', '5000'), { env });
    const saved = await waitFor(() => {
      const now = restoredSoFar(file);
      return now && now.records >= 2000 ? now : undefined;
    });
    // Let it acknowledge and save more, then kill it and put back the older checkpoint: as if the last saves were lost.
    await waitFor(() => ((restoredSoFar(file)?.records ?? 0) >= saved.records + 2000 ? true : undefined));
    first.child.kill('SIGKILL');
    await first.done;
    fs.writeFileSync(file, saved.text);

    const second = await runCli(restoreArgs(peers, 'orders-unsaved', '--checkpoint', file, '--json'), { env });
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(summary.foundInTarget).toBeGreaterThanOrEqual(2000);
    expectEachOnce(source, await consumeAll(peers, 'orders-unsaved'));
  });

  test('--repartition-by-key: murmur2 of the key picks the partition, order per key kept', async () => {
    await peers.kafka.createTopic('orders-by-key', 3);
    const run = await runCli(
      restoreArgs(peers, 'orders-by-key', '--repartition-by-key', '--partitions', '0,1', '--json'),
      { env },
    );
    expect(run.code).toBe(0);
    const target = await consumeAll(peers, 'orders-by-key');
    const selected = source.filter((r) => r.partition <= 1);
    expectEachOnce(selected, target);
    for (const r of target) if (r.key !== null) expect(r.partition).toBe(partitionForKey(r.key, 3));
    // Records of one key keep their source order.
    const byKey = new Map<string, number[]>();
    for (const r of target) {
      if (r.key === null) continue;
      const [, sourcePartition, offset] = originOf(r).split('/');
      const list = byKey.get(`${sourcePartition}/${r.key.toString('hex')}`) ?? [];
      list.push(Number(offset));
      byKey.set(`${sourcePartition}/${r.key.toString('hex')}`, list);
    }
    for (const offsets of byKey.values()) expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  test('offset and time ranges, partitions and --dry-run select exactly the records asked for', async () => {
    await peers.kafka.createTopic('orders-ranges', PARTITIONS);
    const dry = await runCli(
      restoreArgs(
        peers,
        'orders-ranges',
        '--partitions',
        '1,3',
        '--from-offset',
        '1:100,3:4000',
        '--to-offset',
        '4199',
        '--dry-run',
        '--json',
      ),
      { env },
    );
    expect(dry.code).toBe(0);
    const summary = JSON.parse(dry.stdout);
    expect(summary).toEqual(expect.objectContaining({ dryRun: true, checkpoint: null, restored: 4100 + 200 }));
    expect(
      summary.partitions.map((p: { partition: number; firstOffset: number; lastOffset: number }) => [
        p.partition,
        p.firstOffset,
        p.lastOffset,
      ]),
    ).toEqual([
      [1, 100, 4199],
      [3, 4000, 4199],
    ]);
    expect(await consumeAll(peers, 'orders-ranges')).toEqual([]);

    // Records are 10 ms apart: one minute is 6000 records, a quarter of them per partition.
    const from = BASE_TIME + 60_000;
    const run = await runCli(
      restoreArgs(
        peers,
        'orders-ranges',
        '--from-time',
        new Date(from).toISOString(),
        '--to-time',
        String(from + 60_000),
      ),
      { env },
    );
    expect(run.code).toBe(0);
    const target = await consumeAll(peers, 'orders-ranges');
    expect(target).toHaveLength(6000);
    expect(target.every((r) => r.timestamp >= from && r.timestamp < from + 60_000)).toBe(true);
  });

  test('a missing target topic or too few partitions is a usage error (exit 2)', async () => {
    const missing = await runCli(restoreArgs(peers, 'no-such-topic'), { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'ckafka-cos-backup: target topic "no-such-topic" does not exist on ' +
        `${peers.kafka.bootstrap}: create it first (with at least 4 partitions to keep partition numbers)\n`,
    );
    await peers.kafka.createTopic('orders-small', 2);
    const small = await runCli(restoreArgs(peers, 'orders-small'), { env });
    expect(small.code).toBe(2);
    expect(small.stderr).toContain(
      'target topic "orders-small" has 2 partitions, so source partition 2, 3 has no partition of the same number there',
    );
    const unknown = await runCli(
      ['restore', ...LOCATION, '--topic', 'payments', '--to-bootstrap', peers.kafka.bootstrap, '--to-topic', 'x'],
      { env },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'ckafka-cos-backup: no backup of topic "payments" under cos://backup-1250000000/kafka/ckafka-test1234/; topics there: orders\n',
    );
  });
});
