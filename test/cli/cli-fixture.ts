// Shared by the CLI tests: runs the bundled CLI as its users do, and writes backups into the local
// COS server, through the real handler or object by object as each test needs.
import { ChildProcess, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import {
  encodeRecordLine,
  encodeSnapshot,
  expiredRangeKey,
  objectKey,
  snapshotKey,
  toMetadata,
  type Snapshot,
} from '../../contract/backup-format';
import { CosClient, createCosClient } from '../../clients/cos/cos-client';
import type { KafkaRecord } from '../../clients/kafka';
import { BUCKET, INSTANCE, Peers, handlerEnv, runTimer } from '../support/backup-fixture';
import { REPO_ROOT } from '../support/kafka-mock';
import { ProduceRecord, produce } from '../support/kcat';

/** The bundled CLI, as the package's `bin` runs it. */
export const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
}

const tempDirs: string[] = [];

/** A fresh empty directory (a HOME without credentials files, a working directory), removed after the test file. */
export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the CLI; `done` resolves when it exits (or is killed). */
export function startCli(args: string[], options: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? tempDir('cli-cwd'),
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('cli-home'), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Environment for the CLI against the local COS server. */
export function cosEnv(peers: Pick<Peers, 'cos'>): Record<string, string> {
  return {
    BACKUP_COS_ENDPOINT: peers.cos.endpoint,
    TENCENTCLOUD_SECRETID: 'test-id',
    TENCENTCLOUD_SECRETKEY: 'test-key',
  };
}

export const LOCATION = ['--bucket', BUCKET, '--region', 'ap-guangzhou', '--prefix', 'kafka/'];

/** LOCATION with another `--prefix`: a copy of a backup, or a backup of its own. */
export function at(prefix: string): string[] {
  return LOCATION.map((arg, i) => (LOCATION[i - 1] === '--prefix' ? prefix : arg));
}

/**
 * Varied records: binary and text keys and values, null keys and values, values with
 * newlines, interleaved repeated header keys (a, b, a) and a null header value.
 */
export function variedRecord(i: number, partitions: number, baseTime: number): ProduceRecord {
  const kind = i % 7;
  return {
    partition: i % partitions,
    key: kind === 0 ? null : kind === 1 ? crypto.randomBytes(8) : Buffer.from(`key-${i % 50}`),
    value:
      kind === 2
        ? null
        : kind === 3
          ? crypto.randomBytes(40)
          : kind === 4
            ? Buffer.from(`line one ${i}\nline two\r\n`)
            : Buffer.from(`{"n":${i},"s":"ü€"}`),
    headers:
      kind === 5
        ? [
            ['a', '1'],
            ['b', Buffer.from([0xff, 0x00])],
            ['a', '2'],
            ['n', null],
          ]
        : kind === 6
          ? [['trace', `t${i}`]]
          : [],
    timestamp: baseTime + i * 10,
  };
}

/**
 * Produces the records in `rounds` slices and runs the bundled handler after each, so every
 * partition gets one object per round.
 */
export async function backUpInRounds(
  peers: Peers,
  topic: string,
  records: ProduceRecord[],
  rounds: number,
): Promise<void> {
  const size = Math.ceil(records.length / rounds);
  for (let start = 0; start < records.length; start += size) {
    await produce(peers.kafka.bootstrap, topic, records.slice(start, start + size));
    const run = await runTimer(handlerEnv(peers, topic));
    if (!run.ok) throw new Error(`backup run failed: ${run.error ?? run.stderr}`);
  }
}

/** A COS client of the test (the COS server checks only the handler's credentials). */
export function testCos(peers: Pick<Peers, 'cos'>): CosClient {
  return createCosClient({
    region: 'ap-guangzhou',
    credentials: { secretId: 'id', secretKey: 'key' },
    endpoint: peers.cos.endpoint,
  });
}

/** A record as the handler backs it up: value and a header name its place, timestamps 1 s apart. */
export function sourceRecord(topic: string, partition: number, offset: number, baseTime: number): KafkaRecord {
  return {
    topic,
    partition,
    offset,
    timestamp: baseTime + offset * 1000,
    key: Buffer.from(`key-${offset % 7}`),
    value: Buffer.from(`value ${partition}/${offset}`),
    headers: [{ key: 'h', value: Buffer.from(String(offset)) }],
  };
}

export interface ObjectOptions {
  /** The instance in the key (default: INSTANCE, the handler tests' instance). */
  instanceId?: string;
  /** The key's start offset (default: the first record's offset). */
  start?: number;
  /** Metadata next-offset (default: last + 1); null writes an object as handlers did before next-offset existed. */
  next?: number | null;
  /** The body instead of the gzip of the records' lines. */
  body?: Buffer;
}

/**
 * Writes one backup object as the handler does (key from the data, gzip JSON Lines, offset
 * metadata) and returns its key: objects with exactly the offsets a test needs.
 */
export async function putBackupObject(
  cos: CosClient,
  prefix: string,
  records: KafkaRecord[],
  options: ObjectOptions = {},
): Promise<string> {
  const [first, last] = [records[0], records[records.length - 1]];
  const key = objectKey({
    prefix,
    instanceId: options.instanceId ?? INSTANCE,
    topic: first.topic,
    partition: first.partition,
    startOffset: options.start ?? first.offset,
    firstTimestampMs: first.timestamp,
  });
  const next = options.next === undefined ? last.offset + 1 : (options.next ?? undefined);
  await cos.putObject({
    bucket: BUCKET,
    key,
    body: options.body ?? zlib.gzipSync(records.map((r) => `${encodeRecordLine(r)}\n`).join('')),
    contentType: 'application/gzip',
    metadata: toMetadata({
      firstOffset: first.offset,
      lastOffset: last.offset,
      recordCount: records.length,
      nextOffset: next,
    }),
  });
  return key;
}

/**
 * The arguments of a restore of `topic` from the backup at `location` into `toTopic` on the test
 * broker (`bootstrap`), without the idempotent producer (the test broker lacks it), then `more`.
 */
export function restoreArgsFor(
  location: string[],
  topic: string,
  bootstrap: string,
  toTopic: string,
  ...more: string[]
): string[] {
  return [
    'restore',
    ...location,
    '--topic',
    topic,
    '--to-bootstrap',
    bootstrap,
    '--to-topic',
    toTopic,
    '--no-idempotent',
    ...more,
  ];
}

/** The handler's record of offsets [from, to) that retention deleted before it read them. */
export async function putExpiredMarker(
  cos: CosClient,
  prefix: string,
  topic: string,
  partition: number,
  from: number,
  to: number,
): Promise<string> {
  const key = expiredRangeKey(prefix, INSTANCE, topic, partition, from, to);
  await cos.putObject({ bucket: BUCKET, key, body: Buffer.alloc(0) });
  return key;
}

/** Offsets [from, to] of one partition, as records. */
export function sourceRecords(
  topic: string,
  partition: number,
  from: number,
  to: number,
  baseTime: number,
  keep: (offset: number) => boolean = () => true,
): KafkaRecord[] {
  const records: KafkaRecord[] = [];
  for (let offset = from; offset <= to; offset += 1) {
    if (keep(offset)) records.push(sourceRecord(topic, partition, offset, baseTime));
  }
  return records;
}

/**
 * Writes a disaster recovery snapshot as the handler does (`_state/<kind>/<time>.json` under the
 * snapshot's topic) and returns its key.
 */
export async function putSnapshot(cos: CosClient, prefix: string, snapshot: Snapshot): Promise<string> {
  const kind = 'groups' in snapshot ? 'groups' : 'topic-config';
  const key = snapshotKey(prefix, INSTANCE, snapshot.topic, kind, snapshot.takenAt);
  await cos.putObject({
    bucket: BUCKET,
    key,
    body: Buffer.from(encodeSnapshot(snapshot)),
    contentType: 'application/json',
  });
  return key;
}

/** Polls until `check` gives a value (not undefined), every 10 ms. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A restore checkpoint file's text and how many records it counts as restored; undefined before it exists. */
export function restoredSoFar(file: string): { text: string; records: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const restored = JSON.parse(text).restored as Record<string, Record<string, number>>;
  const records = Object.values(restored)
    .flatMap((byTarget) => Object.values(byTarget))
    .reduce((sum, last) => sum + last + 1, 0);
  return { text, records };
}
