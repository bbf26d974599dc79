// What this suite proves: the restore's producer writes records back with partitions, keys, values,
// timestamps and ordered headers intact under each codec, and refuses what it cannot write.
import { KafkaProducer, type ProduceRecord } from '../../../clients/kafka';
import { KafkaClient } from '../../../clients/kafka';
import { startKafkaMock, type KafkaMock } from '../../support/kafka-mock';
import { connectedClient, readAll, run, testConfig, view } from './helpers';

describe('KafkaProducer (restore path)', () => {
  let mock: KafkaMock;
  let client: KafkaClient;

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 3,
      topics: ['none', 'gzip', 'snappy', 'lz4'].map((name) => ({ name: `restore-${name}`, partitions: 3 })),
    });
    client = await connectedClient(mock.bootstrap);
  });

  afterAll(async () => {
    await client?.close();
    await mock?.stop();
  });

  const records: ProduceRecord[] = Array.from({ length: 90 }, (_, i) => ({
    partition: i % 3,
    timestamp: 1_650_000_000_000 + i * 1000,
    key: i % 4 === 0 ? null : Buffer.from(`key-${i}`),
    value: i % 9 === 0 ? null : Buffer.from(`value ${i}\n${'~'.repeat(i)}`),
    headers: [
      { key: 'a', value: Buffer.from(`first-${i}`) },
      { key: 'b', value: i % 2 ? null : Buffer.from([0xff, 0xfe, i]) },
      { key: 'a', value: Buffer.from(`second-${i}`) },
      { key: 'b', value: Buffer.alloc(0) },
    ],
  }));

  // The mock reports controller id 0, which is not a broker, and kafkajs' idempotent producer
  // sends InitProducerId to the controller: so these tests produce without idempotence.
  test.each(['none', 'gzip', 'snappy', 'lz4'] as const)(
    'produced records (%s) read back with partitions, timestamps and ordered headers',
    async (compression) => {
      const topic = `restore-${compression}`;
      const producer = new KafkaProducer(testConfig(mock.bootstrap), { compression, idempotent: false });
      await producer.connect();
      try {
        const first = await producer.produce(topic, records.slice(0, 45));
        const second = await producer.produce(topic, records.slice(45));
        expect(first).toEqual({
          topic,
          records: 45,
          partitions: [0, 1, 2].map((partition) => ({ partition, baseOffset: 0, records: 15 })),
        });
        expect(second.partitions).toEqual([0, 1, 2].map((partition) => ({ partition, baseOffset: 15, records: 15 })));
      } finally {
        await producer.close();
      }

      for (const partition of [0, 1, 2]) {
        const read = await readAll(client, topic, partition, 0, 30);
        expect(read.map((r) => r.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        expect(read.map(view)).toEqual(records.filter((r) => r.partition === partition).map(view));
      }

      // librdkafka decodes our batches too (kcat prints headers in order).
      const kcat = await run(
        'kcat',
        ['-C', '-b', mock.bootstrap, '-t', topic, '-p', '1', '-e', '-q', '-f', '%o %T %h\\n'],
        Buffer.alloc(0),
      );
      expect(kcat.split('\n')[0]).toBe(`0 ${records[1].timestamp} a=first-1,b=NULL,a=second-1,b=`);
    },
  );

  test('refuses zstd and malformed records with clear errors', async () => {
    expect(() => new KafkaProducer(testConfig(mock.bootstrap), { compression: 'zstd' })).toThrow(
      'zstd compression is not supported for producing',
    );
    const producer = new KafkaProducer(testConfig(mock.bootstrap), { idempotent: false });
    const bad = { ...records[0], value: 'text' as unknown as Buffer };
    await expect(producer.produce('restore-none', [bad])).rejects.toThrow('record 0: value must be a Buffer or null');
    expect(await producer.produce('restore-none', [])).toEqual({ topic: 'restore-none', records: 0, partitions: [] });
  });
});
