// What this suite proves: the Kafka client reads exact offset ranges byte for byte, follows leaders
// that move, stops when aborted, and fails clearly on missing topics and deleted offsets.
import { KafkaClient, OffsetOutOfRangeError, TopicNotFoundError, type KafkaLogEntry } from '../../../clients/kafka';
import { startKafkaMock, type KafkaMock } from '../../support/kafka-mock';
import { connectedClient, produceBulk, produceExact, readAll, view, type TestRecord } from './helpers';

const T0 = 1_700_000_000_000;

describe('KafkaClient reading from a mock cluster', () => {
  let mock: KafkaMock;
  let client: KafkaClient;
  const logs: KafkaLogEntry[] = [];

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 3,
      topics: [
        { name: 'bulk', partitions: 3 },
        { name: 'exact', partitions: 1 },
        { name: 'moving', partitions: 1 },
      ],
    });
    client = await connectedClient(mock.bootstrap, logs);
  });

  afterAll(async () => {
    await client?.close();
    await mock?.stop();
  });

  test('lists partitions and reports a missing topic clearly', async () => {
    expect(await client.listPartitions('bulk')).toEqual([0, 1, 2]);
    await expect(client.listPartitions('no-such-topic')).rejects.toThrow(TopicNotFoundError);
    await expect(client.listPartitions('no-such-topic')).rejects.toThrow('Kafka topic "no-such-topic" does not exist');
  });

  test('reads exact offset ranges on every partition', async () => {
    await produceBulk(mock.bootstrap, 'bulk', 3000, 100, 3);
    const partitions = await client.listPartitions('bulk');
    const high = await client.highWatermarks('bulk', partitions);
    expect([...high.values()]).toEqual([1000, 1000, 1000]);
    expect([...(await client.lowWatermarks('bulk', partitions)).values()]).toEqual([0, 0, 0]);

    for (const partition of partitions) {
      const all = await readAll(client, 'bulk', partition, 0, 1000);
      expect(all.map((r) => r.offset)).toEqual(range(0, 1000));
      // bulk mode keys record i as "k<i>" and sends it to partition i % 3
      expect(all.map((r) => r.key?.toString())).toEqual(range(0, 1000).map((o) => `k${o * 3 + partition}`));
      expect(all.every((r) => r.topic === 'bulk' && r.partition === partition)).toBe(true);

      // Starting inside a record batch and stopping inside another one.
      const slice = await readAll(client, 'bulk', partition, 137, 862, { maxBytesPerFetch: 4096 });
      expect(slice.map((r) => r.offset)).toEqual(range(137, 862));
      expect(slice.map((r) => r.value)).toEqual(all.slice(137, 862).map((r) => r.value));
    }
    expect(await readAll(client, 'bulk', 0, 500, 500)).toEqual([]);
  });

  test('returns keys, values, timestamps and interleaved repeated headers exactly', async () => {
    const records: TestRecord[] = [
      {
        partition: 0,
        timestamp: T0,
        key: Buffer.from('k'),
        value: Buffer.from('v'),
        headers: [
          { key: 'a', value: Buffer.from('1') },
          { key: 'b', value: Buffer.from('2') },
          { key: 'a', value: Buffer.from('3') },
        ],
      },
      { partition: 0, timestamp: T0 + 1, key: null, value: null, headers: [] },
      {
        partition: 0,
        timestamp: T0 + 2,
        key: Buffer.alloc(0),
        value: Buffer.alloc(0),
        headers: [{ key: 'n', value: null }],
      },
      {
        partition: 0,
        timestamp: T0 + 3,
        key: Buffer.from([0xff, 0x00, 0xfe]),
        value: Buffer.from('line1\nline2'),
        headers: [
          { key: 'x', value: Buffer.from([0xc3, 0x28]) },
          { key: 'é', value: Buffer.alloc(0) },
          { key: 'x', value: null },
        ],
      },
    ];
    const offsets = await produceExact(mock.bootstrap, 'exact', records);
    expect(offsets).toEqual([0, 1, 2, 3]);
    const read = await readAll(client, 'exact', 0, 0, 4);
    expect(read.map(view)).toEqual(records.map(view));
    expect(read[1].key).toBeNull();
    expect(read[2].key).toEqual(Buffer.alloc(0));
  });

  test('reports retention-deleted or missing offsets as OffsetOutOfRangeError', async () => {
    const [end] = (await client.highWatermarks('exact', [0])).values();
    const reading = readAll(client, 'exact', 0, end + 10, end + 20);
    await expect(reading).rejects.toThrow(OffsetOutOfRangeError);
    await expect(readAll(client, 'exact', 0, end + 10, end + 20)).rejects.toThrow(
      /Offset \d+ is out of range for exact\/0/,
    );
  });

  test('fails clearly when asked to read past the end of the log', async () => {
    const [end] = (await client.highWatermarks('exact', [0])).values();
    await expect(readAll(client, 'exact', 0, 0, end + 1)).rejects.toThrow(
      `although the read was asked to continue until ${end + 1}`,
    );
  });

  test('follows a partition leader that moves, or whose broker goes down, during a read', async () => {
    // Ten producer runs make at least ten record batches, so the read takes many fetches.
    for (let i = 0; i < 10; i++) await produceBulk(mock.bootstrap, 'moving', 200, 200, 1);
    const seen: number[] = [];
    let moves = 0;
    for await (const batch of client.readPartition('moving', 0, 0, 2000, { maxBytesPerFetch: 16 * 1024 })) {
      seen.push(...batch.records.map((r) => r.offset));
      if (seen.length > 400 && moves === 0) {
        moves++;
        await mock.setLeader('moving', 0, 2);
      } else if (seen.length > 1200 && moves === 1) {
        moves++;
        await mock.brokerDown(2);
        await mock.setLeader('moving', 0, 3);
      }
    }
    expect(moves).toBe(2);
    expect(seen).toEqual(range(0, 2000));
    const retries = logs.filter((l) => l.namespace === 'kafka.client').map((l) => l.message);
    expect(retries.some((m) => /Fetching moving\/0 .*(leader|not host)/i.test(m))).toBe(true);
    expect(retries.some((m) => /Fetching moving\/0 .*(connect|closed)/i.test(m))).toBe(true);
    await mock.brokerUp(2);
  });

  test('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const reading = (async () => {
      for await (const batch of client.readPartition('moving', 0, 0, 2000, {
        maxBytesPerFetch: 1024,
        signal: controller.signal,
      })) {
        seen.push(...batch.records.map((r) => r.offset));
        controller.abort(new Error('stop here'));
      }
    })();
    await expect(reading).rejects.toThrow('stop here');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(2000);
  });

  test('rejects invalid ranges', async () => {
    await expect(readAll(client, 'bulk', 0, 10, 5)).rejects.toThrow(RangeError);
    await expect(readAll(client, 'bulk', 0, 0, 2 ** 53)).rejects.toThrow(
      'untilOffset 9007199254740992 is outside the safe integer range',
    );
    await expect(readAll(client, 'bulk', 7, 0, 5)).rejects.toThrow('Topic "bulk" has no partition 7');
  });
});

function range(from: number, until: number): number[] {
  return Array.from({ length: until - from }, (_, i) => from + i);
}
