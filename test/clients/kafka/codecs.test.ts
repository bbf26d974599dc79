// What this suite proves: records that librdkafka wrote with every codec (gzip, snappy, lz4, zstd),
// binary and large ones included, read back exactly through the Kafka client.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KafkaClient } from '../../../clients/kafka';
import * as compression from '../../../clients/kafka/compression';
import { startKafkaMock, type KafkaMock } from '../../support/kafka-mock';
import { connectedClient, kcatProduce, produceExact, readAll, view, type TestRecord } from './helpers';

const CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
const CODEC_IDS = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

describe('compressed and large records written by librdkafka', () => {
  let mock: KafkaMock;
  let client: KafkaClient;

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 1,
      topics: [
        ...CODECS.flatMap((c) => [
          { name: `kcat-${c}`, partitions: 1 },
          { name: `binary-${c}`, partitions: 1 },
        ]),
        { name: 'large', partitions: 1 },
      ],
    });
    client = await connectedClient(mock.bootstrap);
  });

  afterAll(async () => {
    await client?.close();
    await mock?.stop();
  });

  afterEach(() => jest.restoreAllMocks());

  test.each(CODECS)('kcat -z %s lines decode byte-identical', async (codec) => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'näive ☃ '.repeat(i % 7)}${'x'.repeat(i % 300)}`);
    await kcatProduce(mock.bootstrap, `kcat-${codec}`, 0, ['-z', codec], Buffer.from(lines.join('\n') + '\n'));
    const decompress = jest.spyOn(compression, 'decompress');

    const records = await readAll(client, `kcat-${codec}`, 0, 0, lines.length);

    expect(records.map((r) => r.value?.toString('utf8'))).toEqual(lines);
    expect(decompress).toHaveBeenCalled();
    expect(decompress.mock.calls.every(([id]) => id === CODEC_IDS[codec])).toBe(true);
  });

  test.each(CODECS)('binary records with headers compressed with %s decode byte-identical', async (codec) => {
    const records: TestRecord[] = Array.from({ length: 500 }, (_, i) => ({
      partition: 0,
      timestamp: 1_600_000_000_000 + i,
      key: i % 5 === 0 ? null : Buffer.from(`key-${i}`),
      value:
        i % 7 === 0 ? Buffer.alloc(0) : Buffer.from(Array.from({ length: 100 + i }, (_, j) => (i * 31 + j * 7) & 0xff)),
      headers: [
        { key: 'h', value: Buffer.from([i & 0xff, 0xff]) },
        { key: 'g', value: null },
        { key: 'h', value: Buffer.from('again') },
      ],
    }));
    await produceExact(mock.bootstrap, `binary-${codec}`, records, codec);

    const read = await readAll(client, `binary-${codec}`, 0, 0, records.length);

    expect(read.map(view)).toEqual(records.map(view));
  });

  test('a 1 MiB record is returned whole even with a 64 KiB fetch size', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-large-'));
    const big = Buffer.alloc(1024 * 1024, 'abcdefghijklmnopqrstuvwxyz0123456789');
    big.write('unique start', 0);
    const files = ['one', 'two'].map((name, i) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, Buffer.concat([big, Buffer.from([i])]));
      return file;
    });
    // One file argument = one record; raise librdkafka's 1 MB default message limit.
    await kcatProduce(mock.bootstrap, 'large', 0, ['-X', 'message.max.bytes=4000000', ...files]);
    fs.rmSync(dir, { recursive: true });

    const records = await readAll(client, 'large', 0, 0, 2, { maxBytesPerFetch: 64 * 1024 });

    expect(records.map((r) => r.offset)).toEqual([0, 1]);
    expect(records[0].value?.equals(Buffer.concat([big, Buffer.from([0])]))).toBe(true);
    expect(records[1].value?.equals(Buffer.concat([big, Buffer.from([1])]))).toBe(true);
  });
});
