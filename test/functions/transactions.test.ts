// Only committed data is backed up: records of aborted transactions never, an open transaction
// is not read past (read_committed up to the last stable offset), control records are skipped.
import { parseObjectKey } from '../../contract/backup-format';
import { KafkaClient, KafkaRecord } from '../../clients/kafka';
import {
  BUCKET,
  BackedUpObject,
  PREFIX,
  Peers,
  handlerEnv,
  readBackup,
  recordsByPosition,
  runTimer,
  startPeers,
  withoutSnapshots,
} from '../support/backup-fixture';
import { ProduceRecord, TransactionalProducer, produce, startTransactionalProducer } from '../support/kcat';

const TOPIC = 'payments';
const PARTITIONS = 3;
const LEGACY = 'legacy';

const record = (partition: number, name: string): ProduceRecord => ({
  partition,
  key: Buffer.from(name),
  value: Buffer.from(`value of ${name}`),
});

describe('transactions: the handler backs up committed data only', () => {
  let peers: Peers;
  const producers: TransactionalProducer[] = [];
  /** Record name by `partition/offset`, for every record produced. */
  const names = new Map<string, string>();

  const remember = (records: ProduceRecord[], offsets: { partition: number; offset: number }[]) => {
    expect(offsets).toHaveLength(records.length);
    offsets.forEach(({ partition, offset }, i) => {
      expect(partition).toBe(records[i].partition);
      names.set(`${partition}/${offset}`, records[i].key!.toString());
    });
  };
  const plain = async (...records: ProduceRecord[]) => {
    remember(records, (await produce(peers.kafka.bootstrap, TOPIC, records)).offsets);
  };
  const transactional = async (transactionalId: string) => {
    const producer = await startTransactionalProducer(peers.kafka.bootstrap, TOPIC, { transactionalId });
    producers.push(producer);
    return {
      async run(...steps: Parameters<TransactionalProducer['run']>[0]) {
        const records = steps.flatMap((s) => (typeof s === 'string' ? [] : s));
        remember(records, (await producer.run(steps)).offsets);
      },
    };
  };
  /** The backed-up records as `partition/offset=name`, sorted. */
  const backedUp = (objects: BackedUpObject[]) =>
    [...recordsByPosition(objects).values()].map(describeRecord).sort(byPosition);
  const describeRecord = (r: KafkaRecord) => `${r.partition}/${r.offset}=${r.key!.toString()}`;
  const expected = (select: (name: string, partition: number, offset: number) => boolean) =>
    [...names]
      .filter(([position, name]) => {
        const [partition, offset] = position.split('/').map(Number);
        return select(name, partition, offset);
      })
      .map(([position, name]) => `${position}=${name}`)
      .sort(byPosition);

  beforeAll(async () => {
    peers = await startPeers([
      { name: TOPIC, partitions: PARTITIONS },
      { name: LEGACY, partitions: 1 },
    ]);
  });
  afterAll(async () => {
    for (const p of producers) await p.close().catch(() => undefined);
    await peers?.stop();
  });

  test('aborted records are never written, an open transaction is not read past, then resumed exactly once', async () => {
    const a = await transactional('pay-a'); // committed, on partitions 0 and 1
    const b = await transactional('pay-b'); // aborted, on partitions 0 and 1, interleaved with a
    const c = await transactional('pay-c'); // aborted, partition 1 only
    const d = await transactional('pay-d'); // left open during the first run, on every partition

    await plain(record(0, 'n0'), record(0, 'n1'), record(1, 'n2'));
    await a.run('begin', [record(0, 'a0'), record(1, 'a1')], 'flush');
    await plain(record(0, 'n3')); // inside a's range
    await b.run('begin', [record(0, 'b0'), record(1, 'b1')], 'flush');
    await plain(record(1, 'n4')); // inside a's and b's ranges
    await a.run([record(0, 'a2')], 'commit');
    await b.run([record(0, 'b2'), record(1, 'b3')], 'abort');
    await plain(record(0, 'n5'));
    await c.run('begin', [record(1, 'c0')], 'abort'); // partition 1 now ends with an ABORT marker
    await d.run('begin', [record(0, 'd0'), record(1, 'd1'), record(2, 'd2')], 'flush');
    await plain(record(0, 'n6'), record(1, 'n7'), record(2, 'n8')); // past d's first offsets
    await d.run([record(0, 'd3')], 'flush');

    const openFrom = new Map<number, number>();
    for (const [position, name] of names) {
      const [partition, offset] = position.split('/').map(Number);
      if (name.startsWith('d')) openFrom.set(partition, Math.min(openFrom.get(partition) ?? offset, offset));
    }
    const isCommitted = (name: string) => !name.startsWith('b') && !name.startsWith('c');

    const env = handlerEnv(peers, TOPIC);
    const first = await runTimer(env);
    expect(first.error).toBeUndefined();
    expect(first.ok).toBe(true);
    const firstObjects = await readBackup(peers.cos, TOPIC);
    const firstExpected = expected((name, p, o) => isCommitted(name) && o < openFrom.get(p)!);
    expect(backedUp(firstObjects)).toEqual(firstExpected);
    expect(firstExpected).toEqual([
      '0/0=n0',
      '0/1=n1',
      '0/2=a0',
      '0/3=n3',
      '0/5=a2',
      '0/9=n5',
      '1/0=n2',
      '1/1=a1',
      '1/3=n4',
    ]);
    expect(first.result.records).toBe(firstExpected.length);
    // Partition 1 ends with c's ABORT marker before d: its object ends at the last stable offset.
    const metadataByPartition = firstObjects
      .map((o) => [parseObjectKey(o.object.key, PREFIX)!.partition, o] as const)
      .sort(([x], [y]) => x - y);
    // last-timestamp is the timestamp of the object's last record (the one at last-offset).
    const lastTime = (p: number) => String(metadataByPartition[p][1].records.at(-1)!.timestamp);
    expect(metadataByPartition.map(([, o]) => o.object.metadata)).toEqual([
      {
        'first-offset': '0',
        'last-offset': '9',
        'record-count': '6',
        'next-offset': String(openFrom.get(0)),
        'last-timestamp': lastTime(0),
      },
      {
        'first-offset': '0',
        'last-offset': '3',
        'record-count': '3',
        'next-offset': String(openFrom.get(1)),
        'last-timestamp': lastTime(1),
      },
    ]);
    expect(metadataByPartition.map(([, o]) => o.records.at(-1)!.offset)).toEqual([9, 3]);

    // Committing d releases the rest: its records and those after it, exactly once.
    const [dProducer] = producers.slice(-1);
    await dProducer.run(['commit']);
    const second = await runTimer(env);
    expect(second.ok).toBe(true);
    const objects = await readBackup(peers.cos, TOPIC);
    expect(backedUp(objects)).toEqual(expected((name) => isCommitted(name)));
    expect(second.result.records).toBe(expected((name) => isCommitted(name)).length - firstExpected.length);

    // The offsets continue: each object's next offset is where the partition's next object starts.
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const chain = objects
        .map((o) => ({ start: parseObjectKey(o.object.key, PREFIX)!, metadata: o.object.metadata }))
        .filter((o) => o.start.partition === partition)
        .sort((x, y) => x.start.startOffset - y.start.startOffset);
      expect(chain.length).toBe(partition === 2 ? 1 : 2);
      expect(chain[0].start.startOffset).toBe(partition === 2 ? openFrom.get(2) : 0);
      for (let i = 1; i < chain.length; i++) {
        expect(chain[i].start.startOffset).toBe(Number(chain[i - 1].metadata['next-offset']));
      }
      // And the last one ends past d's COMMIT marker, which follows the partition's last record.
      const lastRecord = Math.max(
        ...[...names.keys()].filter((k) => k.startsWith(`${partition}/`)).map((k) => Number(k.split('/')[1])),
      );
      expect(Number(chain[chain.length - 1].metadata['next-offset'])).toBe(lastRecord + 2);
    }
  });

  test('an offset committed inside a still open transaction (by a version that read uncommitted) waits for it', async () => {
    const env = handlerEnv(peers, LEGACY, { BACKUP_PREFIX: 'legacy/' });
    const e = await startTransactionalProducer(peers.kafka.bootstrap, LEGACY, { transactionalId: 'legacy-e' });
    producers.push(e);
    await produce(peers.kafka.bootstrap, LEGACY, [record(0, 'l0')]); // 0
    await e.run(['begin', [record(0, 'e0')], 'flush']); // 1, open
    await produce(peers.kafka.bootstrap, LEGACY, [record(0, 'l1')]); // 2
    // The earlier version backed up 0..2 as data and committed the high watermark.
    const kafka = new KafkaClient({ brokers: peers.kafka.bootstrap.split(','), clientId: 'test' });
    await kafka.connect();
    await kafka.commitOffset(env.BACKUP_CONSUMER_GROUP, LEGACY, 0, 3);
    expect(await kafka.lastStableOffsets(LEGACY, [0])).toEqual(new Map([[0, 1]]));
    expect(await kafka.highWatermarks(LEGACY, [0])).toEqual(new Map([[0, 3]]));

    const waiting = await runTimer(env);
    expect(waiting.error).toBeUndefined();
    expect(waiting.ok).toBe(true);
    expect(waiting.result.records).toBe(0);
    expect(withoutSnapshots(await peers.cos.listObjects(BUCKET, 'legacy/'))).toEqual([]);

    await e.run(['commit']); // marker at 3
    await produce(peers.kafka.bootstrap, LEGACY, [record(0, 'l2')]); // 4
    const resumed = await runTimer(env);
    expect(resumed.ok).toBe(true);
    const objects = await readBackup(peers.cos, LEGACY, 'legacy/');
    expect(backedUp(objects)).toEqual(['0/4=l2']);
    expect(parseObjectKey(objects[0].object.key, 'legacy/')!.startOffset).toBe(3);
    expect((await kafka.committedOffsets(env.BACKUP_CONSUMER_GROUP, LEGACY, [0])).get(0)).toBe(5);
    await kafka.close();
  });
});

function byPosition(x: string, y: string): number {
  const [px, ox] = x.split(/[/=]/).map(Number);
  const [py, oy] = y.split(/[/=]/).map(Number);
  return px - py || ox - oy;
}
