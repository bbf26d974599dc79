// Shared by the Kafka integration tests: a client wired to a mock broker, and ways to write
// test data that do not go through the code under test (librdkafka via test/support/kcat).
import { execFile, spawn } from 'child_process';
import { KafkaClient, type KafkaConnectionConfig, type KafkaLogEntry, type KafkaRecord } from '../../../clients/kafka';
import { produce, produceBulk as produceBulkRecords, type Compression } from '../../support/kcat';

export interface TestRecord {
  partition: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export function testConfig(bootstrap: string, logs: KafkaLogEntry[] = []): KafkaConnectionConfig {
  return {
    brokers: bootstrap.split(','),
    clientId: 'kafka-test',
    retries: 4,
    connectionTimeoutMs: 2000,
    requestTimeoutMs: 10_000,
    log: (entry) => logs.push(entry),
  };
}

export async function connectedClient(bootstrap: string, logs?: KafkaLogEntry[]): Promise<KafkaClient> {
  const client = new KafkaClient(testConfig(bootstrap, logs));
  await client.connect();
  return client;
}

export async function readAll(
  client: KafkaClient,
  topic: string,
  partition: number,
  from: number,
  until: number,
  options: { maxBytesPerFetch?: number; signal?: AbortSignal } = {},
): Promise<KafkaRecord[]> {
  const out: KafkaRecord[] = [];
  for await (const batch of client.readPartition(topic, partition, from, until, options)) out.push(...batch.records);
  return out;
}

/** Produces exact records (binary, null, ordered headers, timestamps) in order; returns their offsets. */
export async function produceExact(
  bootstrap: string,
  topic: string,
  records: TestRecord[],
  compression: Compression = 'none',
): Promise<number[]> {
  const { offsets } = await produce(
    bootstrap,
    topic,
    records.map((r) => ({ ...r, headers: r.headers.map((h): [string, Buffer | null] => [h.key, h.value]) })),
    { compression },
  );
  return offsets.map((o) => o.offset);
}

/** Bulk text records of `size` bytes keyed "k<index>", round-robin over `partitions`. */
export async function produceBulk(
  bootstrap: string,
  topic: string,
  count: number,
  size: number,
  partitions: number,
  compression: Compression = 'none',
) {
  await produceBulkRecords(bootstrap, topic, { count, size, partitions, compression, fill: 'text' });
}

/** kcat producer: one record per line, or one record per file argument. */
export function kcatProduce(
  bootstrap: string,
  topic: string,
  partition: number,
  args: string[],
  input: Buffer = Buffer.alloc(0),
) {
  return run('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', String(partition), ...args], input);
}

export function run(command: string, args: string[], input: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`${command} exited ${code}: ${err}`)),
    );
    child.stdin.end(input);
  });
}

export function runFile(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr }),
    );
  });
}

/** A record's observable content, for comparisons that print well. */
export function view(r: {
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
  timestamp?: number | bigint;
}) {
  const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));
  return {
    key: hex(r.key),
    value: hex(r.value),
    headers: r.headers.map((h) => [h.key, hex(h.value)]),
    ...(r.timestamp !== undefined ? { timestamp: r.timestamp } : {}),
  };
}
