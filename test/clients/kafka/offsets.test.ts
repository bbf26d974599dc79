// What this suite proves: the Kafka client's watermarks, offset commits of a memberless group and
// timestamp lookups, against a mock cluster.
import { KafkaClient } from '../../../clients/kafka';
import { startKafkaMock, type KafkaMock } from '../../support/kafka-mock';
import { connectedClient, produceExact, type TestRecord } from './helpers';

describe('offsets and consumer-group commits on a mock cluster', () => {
  let mock: KafkaMock;
  let client: KafkaClient;

  beforeAll(async () => {
    mock = await startKafkaMock({ brokers: 3, topics: [{ name: 'events', partitions: 3 }] });
    client = await connectedClient(mock.bootstrap);
    // Partition p gets 10 * (p + 1) records with timestamps 1000, 2000, ...
    const records: TestRecord[] = [0, 1, 2].flatMap((partition) =>
      Array.from({ length: 10 * (partition + 1) }, (_, i) => ({
        partition,
        timestamp: (i + 1) * 1000,
        key: null,
        value: Buffer.from(`${partition}:${i}`),
        headers: [],
      })),
    );
    await produceExact(mock.bootstrap, 'events', records);
  });

  afterAll(async () => {
    await client?.close();
    await mock?.stop();
  });

  test('high and low watermarks per partition', async () => {
    expect(await client.highWatermarks('events', [0, 1, 2])).toEqual(
      new Map([
        [0, 10],
        [1, 20],
        [2, 30],
      ]),
    );
    expect(await client.lowWatermarks('events', [2, 0])).toEqual(
      new Map([
        [0, 0],
        [2, 0],
      ]),
    );
  });

  test('commits a simple (memberless) group offset and reads it back', async () => {
    expect(await client.committedOffsets('backup-group', 'events', [0, 1, 2])).toEqual(
      new Map([
        [0, null],
        [1, null],
        [2, null],
      ]),
    );

    await client.commitOffset('backup-group', 'events', 1, 17);
    await client.commitOffset('backup-group', 'events', 2, 0);

    expect(await client.committedOffsets('backup-group', 'events', [0, 1, 2])).toEqual(
      new Map([
        [0, null],
        [1, 17],
        [2, 0],
      ]),
    );
    // Another group is independent.
    expect(await client.committedOffsets('other-group', 'events', [1])).toEqual(new Map([[1, null]]));

    await client.commitOffset('backup-group', 'events', 1, 20);
    expect((await client.committedOffsets('backup-group', 'events', [1])).get(1)).toBe(20);
    await expect(client.commitOffset('backup-group', 'events', 1, -1)).rejects.toThrow(RangeError);
  });

  test('offsetsForTimestamp on this mock', async () => {
    const at = (ts: number) => client.offsetsForTimestamp('events', [0, 1, 2], ts);
    if (mock.flavour === 'source') {
      // The patched mock answers ListOffsets by timestamp like a broker: the first offset
      // whose timestamp is >= the one asked for.
      expect(await at(0)).toEqual(
        new Map([
          [0, 0],
          [1, 0],
          [2, 0],
        ]),
      );
      expect(await at(2500)).toEqual(
        new Map([
          [0, 2],
          [1, 2],
          [2, 2],
        ]),
      );
      expect(await at(15_000)).toEqual(
        new Map([
          [0, 10],
          [1, 14],
          [2, 14],
        ]),
      );
    } else {
      // The unpatched librdkafka 2.0.2 mock ignores the timestamp and answers the end offset.
      expect(await at(0)).toEqual(
        new Map([
          [0, 10],
          [1, 20],
          [2, 30],
        ]),
      );
    }
    // Past the last record the broker answers -1, which we return as the high watermark.
    expect(await at(10_000_000)).toEqual(
      new Map([
        [0, 10],
        [1, 20],
        [2, 30],
      ]),
    );
    await expect(at(-5)).rejects.toThrow(RangeError);
  });
});
