// Transactions on the loopback broker (patched source flavour): control batches (commit/abort
// markers), the last stable offset, Fetch's aborted-transactions list and ListOffsets by
// isolation level, checked against Kafka's semantics through raw protocol requests (kafkajs'
// broker layer) and through librdkafka's own read_committed consumer (kcat).
import { Kafka, logLevel } from 'kafkajs';
import { KafkaMock, startKafkaMock } from '../support/kafka-mock';
import { consume, produce, ProduceRecord, startTransactionalProducer, TransactionalProducer } from '../support/kcat';

const READ_UNCOMMITTED = 0;
const READ_COMMITTED = 1;
const LATEST = -1;

function value(v: string, extra: Partial<ProduceRecord> = {}): ProduceRecord {
  return { partition: 0, key: null, value: Buffer.from(v), ...extra };
}

interface RawFetch {
  highWatermark: number;
  lastStableOffset: number;
  aborted: { producerId: string; firstOffset: number }[];
  /** Offsets of every record returned, control records and aborted ones included. */
  offsets: number[];
}

describe('patched librdkafka mock: transactions', () => {
  let mock: KafkaMock;
  let kafka: Kafka;
  let cluster: any;
  let broker: any;
  let skip = false;
  const producers: TransactionalProducer[] = [];

  const listOffset = async (topic: string, isolationLevel: number, timestamp: number): Promise<number> => {
    const res = await broker.listOffsets({
      replicaId: -1,
      isolationLevel,
      topics: [{ topic, partitions: [{ partition: 0, timestamp }] }],
    });
    return Number(res.responses[0].partitions[0].offset);
  };

  const fetch = async (topic: string, isolationLevel: number, fetchOffset: number): Promise<RawFetch> => {
    const res = await broker.fetch({
      replicaId: -1,
      isolationLevel,
      maxWaitTime: 10,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: String(fetchOffset), maxBytes: 1024 * 1024 }] }],
    });
    const p = res.responses[0].partitions[0];
    expect(p.errorCode).toBe(0);
    return {
      highWatermark: Number(p.highWatermark),
      lastStableOffset: Number(p.lastStableOffset),
      aborted: p.abortedTransactions.map((a: { producerId: string; firstOffset: string }) => ({
        producerId: a.producerId,
        firstOffset: Number(a.firstOffset),
      })),
      offsets: p.messages.map((m: { offset: string }) => Number(m.offset)),
    };
  };

  const committedValues = async (topic: string, isolation: 'read_committed' | 'read_uncommitted') =>
    (await consume(mock.bootstrap, topic, { config: { 'isolation.level': isolation } })).map(
      (r) => `${r.offset}:${r.value?.toString()}`,
    );

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 1,
      topics: [
        { name: 'txn', partitions: 1 },
        { name: 'fenced', partitions: 1 },
      ],
    });
    skip = mock.flavour !== 'source';
    kafka = new Kafka({
      clientId: 'kafka-mock-txn-test',
      brokers: mock.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
    cluster = (kafka as any)[sym as symbol]({});
    await cluster.connect();
    await cluster.addTargetTopic('txn');
    await cluster.addTargetTopic('fenced');
    broker = await cluster.findBroker({ nodeId: '1' });
  });

  afterAll(async () => {
    for (const p of producers) await p.close().catch(() => undefined);
    await cluster?.disconnect();
    await mock?.stop();
  });

  const transactional = async (topic: string, transactionalId: string) => {
    const producer = await startTransactionalProducer(mock.bootstrap, topic, { transactionalId });
    producers.push(producer);
    return producer;
  };

  test('commit and abort markers, the last stable offset, aborted transactions in Fetch, ListOffsets by isolation', async () => {
    if (skip) return;
    const a = await transactional('txn', 'txn-a');
    const b = await transactional('txn', 'txn-b');
    const c = await transactional('txn', 'txn-c');
    const plain = async (...values: string[]) =>
      (
        await produce(
          mock.bootstrap,
          'txn',
          values.map((v) => value(v)),
        )
      ).offsets.map((o) => o.offset);
    const at = async (producer: TransactionalProducer, steps: Parameters<TransactionalProducer['run']>[0]) =>
      (await producer.run(steps)).offsets.map((o) => o.offset);

    const future = Date.now() + 24 * 3600_000;
    expect(await plain('p0', 'p1')).toEqual([0, 1]);
    expect(await at(a, ['begin', [value('c0'), value('c1')], 'flush'])).toEqual([2, 3]);
    expect(await plain('p2')).toEqual([4]); // inside the open transaction's range
    expect(await at(a, [[value('c2')], 'commit'])).toEqual([5]); // COMMIT marker at 6
    expect(await at(b, ['begin', [value('a0'), value('a1')], 'flush'])).toEqual([7, 8]);
    expect(await plain('p3')).toEqual([9]);
    expect(await at(b, [[value('a2')], 'abort'])).toEqual([10]); // ABORT marker at 11
    expect(await plain('p4')).toEqual([12]);
    expect(await at(c, ['begin', [value('o0', { timestamp: future })], 'flush'])).toEqual([13]); // left open
    expect(await plain('p5')).toEqual([14]);

    // The open transaction holds the last stable offset at its first offset.
    expect(await listOffset('txn', READ_UNCOMMITTED, LATEST)).toBe(15);
    expect(await listOffset('txn', READ_COMMITTED, LATEST)).toBe(13);
    // By timestamp: the first record at or after it is 13, which read_committed cannot see yet.
    expect(await listOffset('txn', READ_UNCOMMITTED, future)).toBe(13);
    expect(await listOffset('txn', READ_COMMITTED, future)).toBe(-1);

    const committed = await fetch('txn', READ_COMMITTED, 0);
    expect(committed.highWatermark).toBe(15);
    expect(committed.lastStableOffset).toBe(13);
    // Everything below the LSO, markers (6, 11) and aborted records included: filtering is the
    // consumer's job, with the aborted list.
    expect(committed.offsets).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(committed.aborted).toHaveLength(1);
    expect(committed.aborted[0].firstOffset).toBe(7);
    const pidB = committed.aborted[0].producerId;
    // A fetch from inside the aborted transaction still gets it; one after its marker does not.
    expect((await fetch('txn', READ_COMMITTED, 10)).aborted).toEqual([{ producerId: pidB, firstOffset: 7 }]);
    expect((await fetch('txn', READ_COMMITTED, 12)).aborted).toEqual([]);
    expect((await fetch('txn', READ_COMMITTED, 12)).offsets).toEqual([12]);
    // Nothing at or past the LSO for read_committed, not an error either.
    expect((await fetch('txn', READ_COMMITTED, 13)).offsets).toEqual([]);
    expect((await fetch('txn', READ_COMMITTED, 14)).offsets).toEqual([]);
    // read_uncommitted: up to the high watermark, and no aborted list (null, as from Kafka).
    const uncommitted = await fetch('txn', READ_UNCOMMITTED, 0);
    expect(uncommitted.offsets).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(uncommitted.aborted).toEqual([]);

    // librdkafka's consumer filters with the aborted list and stops at the LSO.
    expect(await committedValues('txn', 'read_committed')).toEqual([
      '0:p0',
      '1:p1',
      '2:c0',
      '3:c1',
      '4:p2',
      '5:c2',
      '9:p3',
      '12:p4',
    ]);
    expect(await committedValues('txn', 'read_uncommitted')).toEqual(
      ['p0', 'p1', 'c0', 'c1', 'p2', 'c2', null, 'a0', 'a1', 'p3', 'a2', null, 'p4', 'o0', 'p5']
        .map((v, i) => (v === null ? null : `${i}:${v}`))
        .filter((v) => v !== null),
    );

    // Committing the open transaction releases it: COMMIT marker at 15, LSO = high watermark.
    await c.run(['commit']);
    expect(await listOffset('txn', READ_COMMITTED, LATEST)).toBe(16);
    expect(await listOffset('txn', READ_UNCOMMITTED, LATEST)).toBe(16);
    expect(await listOffset('txn', READ_COMMITTED, future)).toBe(13);
    const after = await fetch('txn', READ_COMMITTED, 13);
    expect([after.lastStableOffset, after.offsets, after.aborted]).toEqual([16, [13, 14, 15], []]);
    expect((await committedValues('txn', 'read_committed')).slice(-2)).toEqual(['13:o0', '14:p5']);
  });

  test('a new producer with the same transactional id aborts the open transaction of the old one', async () => {
    if (skip) return;
    const old = await transactional('fenced', 'txn-f');
    expect((await old.run(['begin', [value('f0'), value('f1')], 'flush'])).offsets.map((o) => o.offset)).toEqual([
      0, 1,
    ]);
    expect(await listOffset('fenced', READ_COMMITTED, LATEST)).toBe(0);
    const successor = await transactional('fenced', 'txn-f'); // init_transactions fences `old`
    expect(await listOffset('fenced', READ_COMMITTED, LATEST)).toBe(3); // ABORT marker at 2
    expect((await fetch('fenced', READ_COMMITTED, 0)).aborted.map((a) => a.firstOffset)).toEqual([0]);
    await expect(old.run([[value('f2')], 'commit'])).rejects.toThrow(/ERR/);
    expect((await successor.run(['begin', [value('g0')], 'commit'])).offsets.map((o) => o.offset)).toEqual([3]);
    expect(await committedValues('fenced', 'read_committed')).toEqual(['3:g0']);
  });
});
