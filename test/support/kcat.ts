/**
 * Test data in and out of a Kafka cluster (usually the loopback mock from
 * kafka-mock.ts) without going through the code under test:
 *
 * - produce(): exact records (binary or null keys and values, explicit
 *   partition and timestamp, ordered and repeated headers) with a chosen
 *   compression codec, via tools/kafka-mock/produce (librdkafka).
 * - produceBulk(): large generated volumes, same producer.
 * - consume(): records back through kcat -J, with exact bytes.
 * - consumeToDevNull(): kcat read speed, the baseline for benchmarks.
 */
import { spawn } from 'child_process';
import { int64 } from '../../contract/int64';
import { buildKafkaMock } from './kafka-mock';

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface ProduceRecord {
  /** Target partition; omitted: librdkafka's partitioner picks one from the key. */
  partition?: number;
  /** null or omitted: null key. Buffer.alloc(0): empty key. */
  key?: Buffer | null;
  /** null: null value (tombstone). */
  value: Buffer | null;
  /** Kept in order, repeated names allowed. null value: null header value. */
  headers?: [string, string | Buffer | null][];
  /**
   * Create time in ms, any positive int64 (a bigint beyond 2^53 is passed exactly); omitted, 0 or
   * negative: the producer's clock (tools/kafka-mock/produce, and librdkafka itself for 0).
   */
  timestamp?: number | bigint;
}

export interface ProduceOptions {
  compression?: Compression;
  /** Extra librdkafka producer properties (-X). */
  config?: Record<string, string | number | boolean>;
}

export interface ProduceResult {
  /** Where each input record landed, in input order. */
  offsets: { partition: number; offset: number }[];
  elapsedMs: number;
}

export interface BulkOptions {
  /** Records are spread round-robin over partitions 0..partitions-1. */
  partitions: number;
  count: number;
  /** Value size in bytes (the key is "k<index>"). */
  size: number;
  compression?: Compression;
  /** Value content: random (incompressible, default), text (compressible), zero. */
  fill?: 'random' | 'text' | 'zero';
  config?: Record<string, string | number | boolean>;
}

export interface BulkResult {
  records: number;
  /** Key and value bytes produced. */
  bytes: number;
  elapsedMs: number;
}

export interface ConsumedRecord {
  partition: number;
  offset: number;
  /** Exact: a bigint beyond the safe integer range (contract/int64.ts). */
  timestamp: number | bigint;
  timestampType: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function bytes(v: Buffer | string | null | undefined): Buffer {
  if (v === null || v === undefined) return int32(-1);
  const buf = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  return Buffer.concat([int32(buf.length), buf]);
}

/** The stdin stream format of tools/kafka-mock/produce. */
export function encodeRecords(records: ProduceRecord[]): Buffer {
  const parts: Buffer[] = [];
  for (const r of records) {
    const ts = Buffer.alloc(8);
    ts.writeBigInt64BE(BigInt(r.timestamp ?? 0));
    parts.push(int32(r.partition ?? -1), ts, bytes(r.key), bytes(r.value));
    const headers = r.headers ?? [];
    parts.push(int32(headers.length));
    for (const [name, value] of headers) parts.push(bytes(name), bytes(value));
  }
  return Buffer.concat(parts);
}

function configArgs(config?: Record<string, string | number | boolean>): string[] {
  const args: string[] = [];
  for (const [k, v] of Object.entries(config ?? {})) args.push('-X', `${k}=${v}`);
  return args;
}

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  elapsedMs: number;
}

function run(cmd: string, args: string[], input?: Buffer, onStdout?: (chunk: Buffer) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => (onStdout ? onStdout(c) : out.push(c)));
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString('utf8')).slice(-64 * 1024);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out),
        stderr: err,
        elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6,
      }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

/**
 * Produces `records` in order (one producer, idempotent, so per-partition
 * order is the input order). Rejects unless every record is delivered.
 */
export async function produce(
  bootstrap: string,
  topic: string,
  records: ProduceRecord[],
  options: ProduceOptions = {},
): Promise<ProduceResult> {
  const { produce: bin } = await buildKafkaMock();
  const args = [
    '--bootstrap',
    bootstrap,
    '--topic',
    topic,
    '--compression',
    options.compression ?? 'none',
    '--report',
    ...configArgs(options.config),
  ];
  const res = await run(bin, args, encodeRecords(records));
  const lines = res.stdout.toString('utf8').trim().split('\n');
  if (res.code !== 0) throw new Error(`produce to ${topic} failed (exit ${res.code}): ${lines.pop()}\n${res.stderr}`);
  const offsets = lines
    .filter((l) => l.startsWith('DR '))
    .map((l) => {
      const [, , partition, offset] = l.split(' ');
      return { partition: Number(partition), offset: Number(offset) };
    });
  return { offsets, elapsedMs: res.elapsedMs };
}

/** Produces `count` generated records of `size` bytes, fast. */
export async function produceBulk(bootstrap: string, topic: string, options: BulkOptions): Promise<BulkResult> {
  const { produce: bin } = await buildKafkaMock();
  const args = [
    '--bootstrap',
    bootstrap,
    '--topic',
    topic,
    '--bulk',
    String(options.count),
    '--size',
    String(options.size),
    '--partitions',
    String(options.partitions),
    '--fill',
    options.fill ?? 'random',
    '--compression',
    options.compression ?? 'none',
    ...configArgs(options.config),
  ];
  const res = await run(bin, args);
  const done = res.stdout.toString('utf8').trim().split('\n').pop() ?? '';
  const m = /^DONE (\d+) (\d+) (\d+) (\d+)$/.exec(done);
  if (res.code !== 0 || !m)
    throw new Error(`bulk produce to ${topic} failed (exit ${res.code}): ${done}\n${res.stderr}`);
  return { records: Number(m[1]), bytes: Number(m[4]), elapsedMs: res.elapsedMs };
}

export interface ConsumeOptions {
  /** One partition; omitted: all partitions of the topic. */
  partition?: number;
  /** 'beginning' (default), 'end', an absolute offset, or a negative relative offset. */
  offset?: 'beginning' | 'end' | number;
  /** Stop after this many records (else at the end of the partitions). */
  count?: number;
  config?: Record<string, string | number | boolean>;
}

/**
 * Reads records with `kcat -C -J -e` and returns them with exact bytes
 * (kcat writes key, value and header bytes unescaped except JSON control
 * escapes, so decoding its output as latin1 gives back every byte).
 */
export async function consume(
  bootstrap: string,
  topic: string,
  options: ConsumeOptions = {},
): Promise<ConsumedRecord[]> {
  // A short fetch wait: the mock holds an empty fetch for the whole wait,
  // which would delay every end-of-partition by 500 ms.
  const args = ['-b', bootstrap, '-C', '-t', topic, '-J', '-e', '-q', '-o', String(options.offset ?? 'beginning')];
  args.push('-X', 'fetch.wait.max.ms=10');
  if (options.partition !== undefined) args.push('-p', String(options.partition));
  if (options.count !== undefined) args.push('-c', String(options.count));
  args.push(...configArgs(options.config));
  const res = await run('kcat', args);
  if (res.code !== 0) throw new Error(`kcat -C ${topic} failed (exit ${res.code}):\n${res.stderr}`);
  const latin1 = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'latin1'));
  return res.stdout
    .toString('latin1')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      // JSON.parse rounds a timestamp beyond 2^53: take its digits from the line ("ts" precedes
      // headers, key and payload; topic names cannot hold a quote).
      const ts = /,"ts":(-?\d+),/.exec(l);
      const j = JSON.parse(l) as {
        partition: number;
        offset: number;
        ts: number;
        tstype: string;
        key: string | null;
        payload: string | null;
        headers?: (string | null)[];
      };
      const headers: [string, Buffer | null][] = [];
      const h = j.headers ?? [];
      for (let i = 0; i + 1 < h.length; i += 2)
        headers.push([Buffer.from(h[i] as string, 'latin1').toString('utf8'), latin1(h[i + 1])]);
      return {
        partition: j.partition,
        offset: j.offset,
        timestamp: ts ? int64(BigInt(ts[1])) : j.ts,
        timestampType: j.tstype,
        key: latin1(j.key),
        value: latin1(j.payload),
        headers,
      };
    })
    .sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

export interface DevNullResult {
  elapsedMs: number;
  /** Value bytes read. */
  bytes: number;
}

/**
 * `kcat -C -e -o beginning -q` over the topic, values counted and dropped:
 * how fast a plain librdkafka consumer reads it. With `partitions`, one
 * kcat per listed partition, in parallel (elapsed is wall time).
 */
export async function consumeToDevNull(
  bootstrap: string,
  topic: string,
  partitions?: number[],
): Promise<DevNullResult> {
  const one = async (partition?: number): Promise<number> => {
    let n = 0;
    const args = [
      '-b',
      bootstrap,
      '-C',
      '-t',
      topic,
      '-e',
      '-o',
      'beginning',
      '-q',
      '-f',
      '%s',
      '-X',
      'fetch.wait.max.ms=10',
    ];
    if (partition !== undefined) args.push('-p', String(partition));
    const res = await run('kcat', args, undefined, (c) => {
      n += c.length;
    });
    if (res.code !== 0) throw new Error(`kcat -C ${topic} failed (exit ${res.code}):\n${res.stderr}`);
    return n;
  };
  const t0 = process.hrtime.bigint();
  const counts = partitions && partitions.length ? await Promise.all(partitions.map((p) => one(p))) : [await one()];
  return {
    elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6,
    bytes: counts.reduce((a, b) => a + b, 0),
  };
}
