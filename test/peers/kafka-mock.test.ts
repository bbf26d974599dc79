// The loopback Kafka broker (tools/kafka-mock) and the test-data helpers: what the tests and
// benchmarks of this project can rely on.
import { Kafka, logLevel } from 'kafkajs';
import { KafkaMock, startKafkaMock } from '../support/kafka-mock';
import { Compression, consume, consumeToDevNull, produce, produceBulk, ProduceRecord } from '../support/kcat';

const API = { Produce: 0, ListOffsets: 2, OffsetFetch: 9 };
const ERR = { NOT_COORDINATOR: 16 };

function kafkaClient(mock: KafkaMock): Kafka {
  return new Kafka({
    clientId: 'kafka-mock-test',
    brokers: mock.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    connectionTimeout: 2000,
    requestTimeout: 5000,
  });
}

/** kafkajs' internal Cluster, for raw protocol requests to single brokers. */
function rawCluster(kafka: Kafka): any {
  const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!sym) throw new Error('kafkajs internals changed: no createCluster symbol');
  return (kafka as any)[sym]({});
}

/** Raw ListOffsets by timestamp against the partition leader: [offset, timestamp]. */
async function listOffsetByTimestamp(
  kafka: Kafka,
  topic: string,
  partition: number,
  ts: number,
): Promise<[number, number]> {
  const cluster = rawCluster(kafka);
  await cluster.connect();
  try {
    await cluster.addTargetTopic(topic);
    const leader = cluster
      .findTopicPartitionMetadata(topic)
      .find((p: { partitionId: number }) => p.partitionId === partition).leader;
    const broker = await cluster.findBroker({ nodeId: String(leader) });
    const res = await broker.listOffsets({
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition, timestamp: ts }] }],
    });
    const p = res.responses[0].partitions[0];
    return [Number(p.offset), Number(p.timestamp)];
  } finally {
    await cluster.disconnect();
  }
}

function record(i: number, extra: Partial<ProduceRecord> = {}): ProduceRecord {
  return { partition: 0, key: Buffer.from(`key-${i}`), value: Buffer.from(`value-${i}`), ...extra };
}

describe('kafka mock broker', () => {
  let mock: KafkaMock;
  let kafka: Kafka;

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 3,
      topics: [
        { name: 'orders', partitions: 4 },
        { name: 'big', partitions: 64 },
      ],
    });
    kafka = kafkaClient(mock);
  });

  afterAll(async () => {
    await mock?.stop();
  });

  test('kafkajs sees the brokers, topics and partition counts', async () => {
    expect(mock.brokers).toHaveLength(3);
    expect(mock.bootstrap).toBe(mock.brokers.join(','));
    for (const b of mock.brokers) expect(b).toMatch(/^127\.0\.0\.1:\d+$/);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['orders', 'big'] });
      const byName = Object.fromEntries(topics.map((t) => [t.name, t.partitions]));
      expect(byName.orders).toHaveLength(4);
      expect(byName.big).toHaveLength(64);
      // Partition p is led by broker (p % 3) + 1.
      for (const p of byName.orders) expect(p.leader).toBe((p.partitionId % 3) + 1);

      const cluster = await admin.describeCluster();
      expect(cluster.brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual([...mock.brokers].sort());
    } finally {
      await admin.disconnect();
    }
  });

  test('createTopic adds a topic at run time', async () => {
    await mock.createTopic('late', 5);
    await expect(mock.command('create-topic late-bad 0')).rejects.toThrow(/ERR/);
    await expect(mock.command('no-such-command')).rejects.toThrow(/unknown command/);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['late'] });
      expect(topics[0].partitions).toHaveLength(5);
    } finally {
      await admin.disconnect();
    }
  });

  const codecs: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
  test.each(codecs)('records come back byte for byte (compression %s)', async (compression) => {
    const topic = `exact-${compression}`;
    await mock.createTopic(topic, 2);
    const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const records: ProduceRecord[] = [
      {
        partition: 1,
        key: allBytes,
        value: null,
        headers: [
          ['a', '1'],
          ['b', Buffer.from([0, 255, 10])],
          ['a', '3'],
        ],
        timestamp: 1_700_000_000_123,
      },
      {
        partition: 1,
        key: Buffer.alloc(0),
        value: Buffer.alloc(0),
        headers: [['n', null]],
        timestamp: 1_700_000_000_124,
      },
      { partition: 1, key: null, value: Buffer.from(allBytes).reverse(), timestamp: 1_600_000_000_000 },
      { partition: 0, key: Buffer.from('p0'), value: Buffer.alloc(100_000, 'x'), timestamp: 1_700_000_000_125 },
    ];
    const { offsets } = await produce(mock.bootstrap, topic, records, { compression });
    expect(offsets).toEqual([
      { partition: 1, offset: 0 },
      { partition: 1, offset: 1 },
      { partition: 1, offset: 2 },
      { partition: 0, offset: 0 },
    ]);

    const got = await consume(mock.bootstrap, topic);
    expect(got).toHaveLength(4);
    const [p0, r0, r1, r2] = got;
    expect(r0).toMatchObject({
      partition: 1,
      offset: 0,
      timestamp: 1_700_000_000_123,
      timestampType: 'create',
      value: null,
    });
    expect(r0.key).toEqual(allBytes);
    expect(r0.headers).toEqual([
      ['a', Buffer.from('1')],
      ['b', Buffer.from([0, 255, 10])],
      ['a', Buffer.from('3')],
    ]);
    expect(r1.key).toEqual(Buffer.alloc(0));
    expect(r1.value).toEqual(Buffer.alloc(0));
    expect(r1.headers).toEqual([['n', null]]);
    expect(r1.timestamp).toBe(1_700_000_000_124);
    expect(r2.key).toBeNull();
    expect(r2.value).toEqual(Buffer.from(allBytes).reverse());
    expect(r2.headers).toEqual([]);
    expect(r2.timestamp).toBe(1_600_000_000_000);
    expect(p0).toMatchObject({ partition: 0, offset: 0, key: Buffer.from('p0') });
    // Buffer.equals: jest's deep equality walks large buffers byte by byte.
    expect(p0.value?.equals(Buffer.alloc(100_000, 'x'))).toBe(true);
  });

  test('broker-down makes its partitions unavailable, broker-up restores them', async () => {
    await mock.createTopic('faults', 3);
    // faults/1 is led by broker 2.
    const fast = { config: { 'message.timeout.ms': 1500 } };
    await mock.brokerDown(2);
    try {
      await expect(produce(mock.bootstrap, 'faults', [record(1, { partition: 1 })], fast)).rejects.toThrow(/failed/);
      // Partitions led by the other brokers keep working.
      await expect(produce(mock.bootstrap, 'faults', [record(0, { partition: 0 })], fast)).resolves.toBeDefined();
    } finally {
      await mock.brokerUp(2);
    }
    const { offsets } = await produce(mock.bootstrap, 'faults', [record(2, { partition: 1 })], fast);
    expect(offsets).toEqual([{ partition: 1, offset: 0 }]);
  });

  test('setLeader moves a partition and kafkajs follows', async () => {
    await mock.createTopic('moving', 1);
    await mock.setLeader('moving', 0, 3);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['moving'] });
      expect(topics[0].partitions[0].leader).toBe(3);
    } finally {
      await admin.disconnect();
    }
    await produce(mock.bootstrap, 'moving', [record(0)]);
    expect(await consume(mock.bootstrap, 'moving')).toHaveLength(1);
  });

  test('pushErrors fails the next requests of an API, then it recovers', async () => {
    const cluster = rawCluster(kafka);
    await cluster.connect();
    try {
      const coordinator = await cluster.findGroupCoordinator({ groupId: 'g-errors' });
      await mock.pushErrors(API.OffsetFetch, 1, ERR.NOT_COORDINATOR);
      await expect(
        coordinator.offsetFetch({ groupId: 'g-errors', topics: [{ topic: 'orders', partitions: [{ partition: 0 }] }] }),
      ).rejects.toMatchObject({ type: 'NOT_COORDINATOR_FOR_GROUP' });
      const ok = await coordinator.offsetFetch({
        groupId: 'g-errors',
        topics: [{ topic: 'orders', partitions: [{ partition: 0 }] }],
      });
      expect(ok.responses[0].partitions[0].offset).toBe('-1');
    } finally {
      await cluster.disconnect();
    }
  });

  test('rtt delays the responses of one broker', async () => {
    const cluster = rawCluster(kafka);
    await cluster.connect();
    try {
      await cluster.addTargetTopic('orders');
      const broker1 = await cluster.findBroker({ nodeId: '1' });
      const metadata = () => broker1.metadata(['orders']);
      await metadata();
      await mock.setRtt(1, 400);
      const t0 = Date.now();
      await metadata();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
      await mock.setRtt(1, 0);
    } finally {
      await cluster.disconnect();
    }
  });

  test('OffsetCommit without joining the group (generation -1, member "") is stored and read back', async () => {
    const groupId = 'backup-standalone';
    const cluster = rawCluster(kafka);
    await cluster.connect();
    try {
      const coordinator = await cluster.findGroupCoordinator({ groupId });
      const commit = await coordinator.offsetCommit({
        groupId,
        groupGenerationId: -1,
        memberId: '',
        topics: [
          {
            topic: 'orders',
            partitions: [
              { partition: 0, offset: '42' },
              { partition: 3, offset: '7' },
            ],
          },
        ],
      });
      expect(commit.responses[0].partitions.map((p: { errorCode: number }) => p.errorCode)).toEqual([0, 0]);

      const fetched = await coordinator.offsetFetch({
        groupId,
        topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 1 }, { partition: 3 }] }],
      });
      const offsets = Object.fromEntries(
        fetched.responses[0].partitions.map((p: { partition: number; offset: string }) => [p.partition, p.offset]),
      );
      expect(offsets).toEqual({ 0: '42', 1: '-1', 3: '7' });
    } finally {
      await cluster.disconnect();
    }

    // The public admin API reads the same offsets.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [res] = await admin.fetchOffsets({ groupId, topics: ['orders'] });
      const byPartition = Object.fromEntries(res.partitions.map((p) => [p.partition, p.offset]));
      expect(byPartition).toEqual({ 0: '42', 1: '-1', 2: '-1', 3: '7' });
      // admin.setOffsets needs DescribeGroups, which only the source flavour answers (the group,
      // without members, is Empty there).
      const set = admin.setOffsets({ groupId, topic: 'orders', partitions: [{ partition: 0, offset: '1' }] });
      if (mock.flavour === 'source') {
        await set;
        const [after] = await admin.fetchOffsets({ groupId, topics: ['orders'] });
        expect(after.partitions.find((p) => p.partition === 0)?.offset).toBe('1');
      } else {
        await expect(set).rejects.toThrow();
      }
    } finally {
      await admin.disconnect();
    }
  });

  test('CreateTopics, ListGroups and DescribeGroups: source flavour only (kafka-mock-admin.test.ts)', async () => {
    // The system flavour does not answer them: use createTopic, track groups yourself.
    if (mock.flavour === 'source') return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await expect(admin.createTopics({ topics: [{ topic: 'nope', numPartitions: 1 }] })).rejects.toThrow();
      await expect(admin.listGroups()).rejects.toThrow();
      await expect(admin.describeGroups(['g'])).rejects.toThrow();
    } finally {
      await admin.disconnect();
    }
  });

  test('produceBulk and consumeToDevNull move volume across partitions', async () => {
    await mock.createTopic('bulk', 4);
    const bulk = await produceBulk(mock.bootstrap, 'bulk', {
      partitions: 4,
      count: 20_000,
      size: 512,
      compression: 'lz4',
      fill: 'text',
    });
    expect(bulk.records).toBe(20_000);
    const all = await consumeToDevNull(mock.bootstrap, 'bulk');
    expect(all.bytes).toBe(20_000 * 512);
    const two = await consumeToDevNull(mock.bootstrap, 'bulk', [0, 3]);
    expect(two.bytes).toBe(10_000 * 512);
  });
});

describe('patched librdkafka mock (source flavour)', () => {
  let mock: KafkaMock;
  let kafka: Kafka;
  let skip = false;

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 1,
      topics: [
        { name: 'large', partitions: 1 },
        { name: 'times', partitions: 2 },
        { name: 'batches', partitions: 1 },
        { name: 'retention', partitions: 2 },
      ],
    });
    skip = mock.flavour !== 'source';
    kafka = kafkaClient(mock);
  });

  afterAll(async () => {
    await mock?.stop();
  });

  test('a partition keeps more than 50 MiB', async () => {
    if (skip) return;
    const count = 60 * 1024;
    const size = 1024;
    await produceBulk(mock.bootstrap, 'large', { partitions: 1, count, size });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [p] = await admin.fetchTopicOffsets('large');
      expect(p).toMatchObject({ partition: 0, low: '0', high: String(count) });
    } finally {
      await admin.disconnect();
    }
    const read = await consumeToDevNull(mock.bootstrap, 'large');
    expect(read.bytes).toBe(count * size);
  });

  test('Fetch returns consecutive batches in one response, like a real broker', async () => {
    if (skip) return;
    // Three produce calls: three stored batches of 10 records.
    for (let b = 0; b < 3; b++) {
      await produce(
        mock.bootstrap,
        'batches',
        Array.from({ length: 10 }, (_, i) => record(b * 10 + i)),
      );
    }
    const cluster = rawCluster(kafka);
    await cluster.connect();
    try {
      await cluster.addTargetTopic('batches');
      const broker = await cluster.findBroker({ nodeId: '1' });
      const fetch = async (fetchOffset: string, maxBytes: number): Promise<string[]> => {
        const res = await broker.fetch({
          replicaId: -1,
          isolationLevel: 1,
          maxWaitTime: 100,
          topics: [{ topic: 'batches', partitions: [{ partition: 0, fetchOffset, maxBytes }] }],
        });
        return res.responses[0].partitions[0].messages.map((m: { offset: string }) => m.offset);
      };
      // The unpatched mock answers one stored batch per Fetch (offsets 0..9).
      expect(await fetch('0', 1024 * 1024)).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
      // Starting inside a batch returns that whole batch and the next ones.
      expect(await fetch('15', 1024 * 1024)).toEqual(Array.from({ length: 20 }, (_, i) => String(10 + i)));
      // Partition max bytes still bounds the answer, but never below one batch.
      expect(await fetch('0', 10)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    } finally {
      await cluster.disconnect();
    }
  });

  test('ListOffsets by timestamp returns the first offset at or after the timestamp', async () => {
    if (skip) return;
    // Separate batches (one produce call each) and multi-record compressed
    // batches: offsets 0..9 with these timestamps.
    const ts = [1000, 2000, 2000, 3000, 3500, 4000, 4000, 4100, 5000, 9000];
    await produce(mock.bootstrap, 'times', [record(0, { timestamp: ts[0] })]);
    await produce(
      mock.bootstrap,
      'times',
      [1, 2, 3].map((i) => record(i, { timestamp: ts[i] })),
      { compression: 'gzip' },
    );
    await produce(
      mock.bootstrap,
      'times',
      [4, 5, 6].map((i) => record(i, { timestamp: ts[i] })),
      { compression: 'zstd' },
    );
    await produce(
      mock.bootstrap,
      'times',
      [7, 8].map((i) => record(i, { timestamp: ts[i] })),
      { compression: 'lz4' },
    );
    await produce(mock.bootstrap, 'times', [record(9, { timestamp: ts[9] })], { compression: 'snappy' });

    // gzip and zstd batches can only be looked into when zlib1g-dev and
    // libzstd-dev were there at build time; otherwise the mock answers with
    // the batch's first offset and max timestamp. lz4 and snappy are builtin.
    const has = (codec: string): boolean => mock.features.includes(codec);
    const gzipBatch: [number, number] = [1, 3000];
    const zstdBatch: [number, number] = [4, 4000];
    const cases: [number, [number, number]][] = [
      // query, [expected offset, expected timestamp]
      [0, [0, 1000]],
      [1000, [0, 1000]],
      [1500, has('gzip') ? [1, 2000] : gzipBatch],
      [2000, has('gzip') ? [1, 2000] : gzipBatch],
      [2001, has('gzip') ? [3, 3000] : gzipBatch],
      [3600, has('zstd') ? [5, 4000] : zstdBatch], // middle of a batch
      [4050, [7, 4100]], // lz4 batch
      [4101, [8, 5000]],
      [6000, [9, 9000]], // snappy batch
      [9001, [-1, -1]], // none: -1 like a real broker
    ];
    for (const [query, expected] of cases) {
      expect([query, await listOffsetByTimestamp(kafka, 'times', 0, query)]).toEqual([query, expected]);
    }

    const admin = kafka.admin();
    await admin.connect();
    try {
      // kafkajs maps "no such record" to the high watermark.
      expect(await admin.fetchTopicOffsetsByTimestamp('times', 4050)).toEqual([
        { partition: 0, offset: '7' },
        { partition: 1, offset: '0' },
      ]);
      expect((await admin.fetchTopicOffsetsByTimestamp('times', 9001))[0]).toEqual({ partition: 0, offset: '10' });
    } finally {
      await admin.disconnect();
    }
  });

  test('deleteRecords moves the log start offset like retention; a batch holding it stays whole', async () => {
    if (skip) return;
    // Three batches of 10 records (offsets 0..29), timestamps 1000 + 10 * offset.
    for (let b = 0; b < 3; b++) {
      await produce(
        mock.bootstrap,
        'retention',
        Array.from({ length: 10 }, (_, i) => record(b * 10 + i, { timestamp: 1000 + 10 * (b * 10 + i) })),
      );
    }
    const cluster = rawCluster(kafka);
    await cluster.connect();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await cluster.addTargetTopic('retention');
      const broker = await cluster.findBroker({ nodeId: '1' });
      const fetch = async (fetchOffset: number) => {
        const res = await broker.fetch({
          replicaId: -1,
          isolationLevel: 1,
          maxWaitTime: 100,
          topics: [
            { topic: 'retention', partitions: [{ partition: 0, fetchOffset: String(fetchOffset), maxBytes: 1 << 20 }] },
          ],
        });
        const p = res.responses[0].partitions[0];
        return {
          offsets: p.messages.map((m: { offset: string }) => Number(m.offset)),
          // kafkajs names the response's LogStartOffset lastStartOffset.
          logStartOffset: Number(p.lastStartOffset),
        };
      };
      const low = async () => (await admin.fetchTopicOffsets('retention')).map((p) => [p.partition, p.low, p.high]);
      const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

      // Inside the first batch: it is kept whole, but the log start offset is exact.
      expect(await mock.deleteRecords('retention', 0, 5)).toBe(5);
      expect(await low()).toEqual([
        [0, '5', '30'],
        [1, '0', '0'],
      ]);
      expect(await fetch(5)).toEqual({ offsets: range(0, 30), logStartOffset: 5 });
      await expect(fetch(4)).rejects.toMatchObject({ type: 'OFFSET_OUT_OF_RANGE' });
      // kcat (librdkafka) from the beginning starts at the log start offset.
      expect((await consume(mock.bootstrap, 'retention', { partition: 0 })).map((r) => r.offset)).toEqual(range(5, 30));
      // A timestamp lookup never answers a deleted offset.
      expect(await listOffsetByTimestamp(kafka, 'retention', 0, 0)).toEqual([5, 1050]);
      expect(await listOffsetByTimestamp(kafka, 'retention', 0, 1120)).toEqual([12, 1120]);

      // Past the first batch: it is dropped.
      expect(await mock.deleteRecords('retention', 0, 15)).toBe(15);
      expect(await fetch(15)).toEqual({ offsets: range(10, 30), logStartOffset: 15 });
      await expect(fetch(12)).rejects.toMatchObject({ type: 'OFFSET_OUT_OF_RANGE' });
      expect(await listOffsetByTimestamp(kafka, 'retention', 0, 1000)).toEqual([15, 1150]);

      // Below the log start offset: nothing changes. Beyond the high watermark: refused.
      expect(await mock.deleteRecords('retention', 0, 3)).toBe(15);
      await expect(mock.deleteRecords('retention', 0, 31)).rejects.toThrow(/ERR delete-records: OFFSET_OUT_OF_RANGE/);
      await expect(mock.deleteRecords('retention', 2, 0)).rejects.toThrow(/UNKNOWN_TOPIC_OR_PART/);
      await expect(mock.deleteRecords('nope', 0, 0)).rejects.toThrow(/UNKNOWN_TOPIC_OR_PART/);

      // -1: up to the high watermark; the log is empty, new records continue the offsets.
      expect(await mock.deleteRecords('retention', 0, -1)).toBe(30);
      expect(await low()).toEqual([
        [0, '30', '30'],
        [1, '0', '0'],
      ]);
      await produce(mock.bootstrap, 'retention', [record(30), record(31)]);
      expect((await consume(mock.bootstrap, 'retention', { partition: 0 })).map((r) => r.offset)).toEqual([30, 31]);
      expect(await low()).toEqual([
        [0, '30', '32'],
        [1, '0', '0'],
      ]);
    } finally {
      await admin.disconnect();
      await cluster.disconnect();
    }
  });
});

describe('system librdkafka 2.0.2 mock: known limits', () => {
  let mock: KafkaMock;
  let kafka: Kafka;
  let skip = false;

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 1,
      flavour: 'system',
      topics: [
        { name: 'small', partitions: 1 },
        { name: 'ts', partitions: 1 },
      ],
    });
    skip = mock.librdkafkaVersion !== '2.0.2';
    kafka = kafkaClient(mock);
  });

  afterAll(async () => {
    await mock?.stop();
  });

  test('a partition keeps only about 5 MiB: older batches are dropped', async () => {
    if (skip) return;
    const count = 8 * 1024;
    await produceBulk(mock.bootstrap, 'small', { partitions: 1, count, size: 1024 });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [p] = await admin.fetchTopicOffsets('small');
      expect(p.high).toBe(String(count));
      expect(Number(p.low)).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
    }
    const read = await consumeToDevNull(mock.bootstrap, 'small');
    expect(read.bytes).toBeLessThan(count * 1024);
    expect(read.bytes).toBeLessThanOrEqual(6 * 1024 * 1024);
  });

  test('deleteRecords needs the source flavour', async () => {
    if (skip) return;
    await expect(mock.deleteRecords('small', 0, 0)).rejects.toThrow(/needs the source flavour/);
  });

  test('ListOffsets by timestamp answers -1', async () => {
    if (skip) return;
    await produce(mock.bootstrap, 'ts', [record(0, { timestamp: 1000 }), record(1, { timestamp: 2000 })]);
    expect(await listOffsetByTimestamp(kafka, 'ts', 0, 1500)).toEqual([-1, -1]);
  });

  test('no CreateTopics, ListGroups or DescribeGroups', async () => {
    if (skip) return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await expect(admin.createTopics({ topics: [{ topic: 'nope', numPartitions: 1 }] })).rejects.toThrow();
      await expect(admin.listGroups()).rejects.toThrow();
      await expect(admin.describeGroups(['g'])).rejects.toThrow();
    } finally {
      await admin.disconnect();
    }
  });
});
