// Test data in and out of a Kafka cluster (usually the loopback mock from kafka-mock.ts) without
// going through the code under test:
//
// - produce(): exact records (binary or null keys and values, explicit partition and timestamp,
//   ordered and repeated headers) with a chosen compression codec, via tools/kafka-mock/produce
//   (librdkafka).
// - produceBulk(): large generated volumes, same producer.
// - startTransactionalProducer() / produceTransactional(): records in transactions (begin, commit,
//   abort, or left open), same producer.
// - consume(): records back through kcat -J, with exact bytes.
// - consumeInGroup(): records read by a member of a consumer group (kcat -G), which commits them.
// - consumeToDevNull(): kcat read speed, the baseline for benchmarks.
import { spawn } from 'child_process';
import { int64 } from '../../contract/int64';
import * as readline from 'readline';
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

/** Directives of tools/kafka-mock/produce: an int32 below -1 where a record would start. */
const DIRECTIVES = { begin: -2, commit: -3, abort: -4, flush: -5 } as const;
export type TransactionDirective = keyof typeof DIRECTIVES;

/**
 * One step of a transactional producer: records to produce (within a transaction), or a
 * directive. `abort` writes the transaction's records to the log first, then aborts it, so
 * that they are in the partition between its first offset and the abort marker.
 */
export type TransactionStep = TransactionDirective | ProduceRecord[];

function encodeSteps(steps: TransactionStep[]): Buffer {
  return Buffer.concat(steps.map((step) => (typeof step === 'string' ? int32(DIRECTIVES[step]) : encodeRecords(step))));
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

export interface TransactionalProducer {
  /**
   * Feeds the steps and resolves once they are done (records not followed by a directive are
   * flushed), with where each record of these steps landed, in order.
   */
  run(steps: TransactionStep[]): Promise<ProduceResult>;
  /** Ends the stream: records are flushed, a transaction still open stays open on the broker. */
  close(): Promise<void>;
}

/**
 * A transactional librdkafka producer kept running between steps, so that a test can leave a
 * transaction open while it does other things (produce other records, run the code under test)
 * and end it later. A new producer with the same transactional id fences this one: the broker
 * aborts its open transaction.
 */
export async function startTransactionalProducer(
  bootstrap: string,
  topic: string,
  options: ProduceOptions & { transactionalId: string },
): Promise<TransactionalProducer> {
  const { produce: bin } = await buildKafkaMock();
  const args = ['--bootstrap', bootstrap, '--topic', topic, '--compression', options.compression ?? 'none'];
  args.push('--report', '--transactional-id', options.transactionalId, ...configArgs(options.config));
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-64 * 1024);
  });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.on('error', () => undefined);

  // Lines arrive in order: DR lines, then OK/ERR per directive; DONE at the end.
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    wake?.();
  });
  let closed = false;
  void exited.then(() => {
    closed = true;
    wake?.();
  });
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) {
      if (closed) throw new Error(`transactional producer exited\n${stderr}`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return lines.shift() as string;
  };

  // The producer says `OK init` once init_transactions is done (an earlier producer with the
  // same id is fenced by then).
  const init = await nextLine().catch((error: Error) => error.message);
  if (init !== 'OK init') {
    child.kill();
    throw new Error(`transactional producer did not start: ${init}\n${stderr}`);
  }

  let queue: Promise<unknown> = Promise.resolve();
  const run = async (steps: TransactionStep[]): Promise<ProduceResult> => {
    const t0 = process.hrtime.bigint();
    const all = typeof steps[steps.length - 1] === 'string' ? steps : [...steps, 'flush' as const];
    let pending = all.filter((step) => typeof step === 'string').length;
    child.stdin.write(encodeSteps(all));
    const offsets: ProduceResult['offsets'] = [];
    while (pending > 0) {
      const line = await nextLine();
      if (line.startsWith('DR ')) {
        const [, , partition, offset] = line.split(' ');
        offsets.push({ partition: Number(partition), offset: Number(offset) });
      } else if (line.startsWith('OK ')) {
        pending -= 1;
      } else if (line.startsWith('ERR ')) {
        throw new Error(`transactional producer: ${line}\n${stderr}`);
      }
    }
    if (offsets.some((o) => o.offset < 0)) throw new Error(`a record was not delivered\n${stderr}`);
    return { offsets, elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6 };
  };
  return {
    run(steps) {
      const result = queue.then(() => run(steps));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`transactional producer failed (exit ${code})\n${stderr}`);
    },
  };
}

/**
 * Runs the steps with a new transactional producer and closes it. A transaction the steps leave
 * open stays open on the broker (nothing ends it but a producer with the same transactional id).
 */
export async function produceTransactional(
  bootstrap: string,
  topic: string,
  steps: TransactionStep[],
  options: ProduceOptions & { transactionalId?: string } = {},
): Promise<ProduceResult> {
  const producer = await startTransactionalProducer(bootstrap, topic, {
    ...options,
    transactionalId: options.transactionalId ?? `txn-${process.pid}-${Date.now()}`,
  });
  try {
    return await producer.run(steps);
  } finally {
    await producer.close();
  }
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
  return parseJsonLines(res.stdout).sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

export interface GroupConsumeOptions {
  /** Stop after this many records; omitted: at the end of every assigned partition. */
  count?: number;
  /** Where a partition without a committed offset starts (default earliest). */
  reset?: 'earliest' | 'latest';
}

/**
 * Reads as a member of consumer group `group` (`kcat -G`: joins, is assigned partitions, starts
 * at the group's committed offsets) and commits what it read when it leaves, as an application
 * consumer does. Records in the order read.
 */
export async function consumeInGroup(
  bootstrap: string,
  group: string,
  topic: string,
  options: GroupConsumeOptions = {},
): Promise<ConsumedRecord[]> {
  const args = ['-b', bootstrap, '-G', group, topic, '-J', '-e', '-q', '-X', 'fetch.wait.max.ms=10'];
  args.push('-X', `auto.offset.reset=${options.reset ?? 'earliest'}`);
  if (options.count !== undefined) args.push('-c', String(options.count));
  const res = await run('kcat', args);
  if (res.code !== 0) throw new Error(`kcat -G ${group} ${topic} failed (exit ${res.code}):\n${res.stderr}`);
  return parseJsonLines(res.stdout);
}

/**
 * kcat's -J lines as records with exact bytes (kcat writes key, value and header bytes unescaped
 * except JSON control escapes, so decoding its output as latin1 gives back every byte).
 */
function parseJsonLines(stdout: Buffer): ConsumedRecord[] {
  const latin1 = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'latin1'));
  return stdout
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
    });
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
