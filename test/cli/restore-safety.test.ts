import * as fs from 'fs';
import * as zlib from 'zlib';
import { encodeRecordLine } from '../../contract/backup-format';
import type { CosClient } from '../../functions/cos/cos-client';
import type { KafkaRecord } from '../../functions/kafka';
import { Peers, startPeers } from '../support/backup-fixture';
import { ConsumedRecord, consume } from '../support/kcat';
import { CliResult, LOCATION, cosEnv, putBackupObject, runCli, sourceRecords, startCli, testCos } from './cli-fixture';

// Restore never writes an offset twice, and names the object of every read error. Each backup here is written
// object by object (keys, gzip JSON Lines, offset metadata as the handler writes them), so a test
// has exactly the overlaps, gaps and damage it needs.

const TOPIC = 'orders';
const BASE_TIME = Date.UTC(2026, 10, 24, 22, 0, 0);

function at(prefix: string): string[] {
  return LOCATION.map((arg, i) => (LOCATION[i - 1] === '--prefix' ? prefix : arg));
}

function restoreArgs(peers: Peers, prefix: string, toTopic: string, ...more: string[]): string[] {
  return [
    'restore',
    ...at(prefix),
    '--topic',
    TOPIC,
    '--to-bootstrap',
    peers.kafka.bootstrap,
    '--to-topic',
    toTopic,
    '--no-idempotent',
    ...more,
  ];
}

const records = (partition: number, from: number, to: number, keep?: (offset: number) => boolean) =>
  sourceRecords(TOPIC, partition, from, to, BASE_TIME, keep);
const originOf = (r: ConsumedRecord) => r.headers[r.headers.length - 1][1]!.toString();
const origins = (list: KafkaRecord[]) => list.map((r) => `${TOPIC}/${r.partition}/${r.offset}`);

/** The target holds each of `expected` once, in partition and offset order, nothing else. */
async function expectRestoredOnce(peers: Peers, topic: string, expected: KafkaRecord[]): Promise<void> {
  const target = await consume(peers.kafka.bootstrap, topic);
  expect(target.map(originOf)).toEqual(origins(expected));
  expect(target.map((r) => r.value!.toString())).toEqual(expected.map((r) => r.value!.toString()));
}

function json(run: CliResult) {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('restore: each offset once, read errors name the object, lines are bounded (bundled CLI, mock Kafka, local COS)', () => {
  let peers: Peers;
  let env: Record<string, string>;
  let cos: CosClient;

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: 2 }]);
    env = cosEnv(peers);
    cos = testCos(peers);
  }, 60_000);
  afterAll(() => peers?.stop());

  test('objects that overlap: each original offset is written once, and a range is found in the earlier object', async () => {
    // A run that read 50-149 again, under its own key, between the runs that wrote 0-99 and 100-199.
    await putBackupObject(cos, 'overlap/', records(0, 0, 99));
    await putBackupObject(cos, 'overlap/', records(0, 50, 149));
    await putBackupObject(cos, 'overlap/', records(0, 100, 199));
    await putBackupObject(cos, 'overlap/', records(0, 200, 299));
    await putBackupObject(cos, 'overlap/', records(1, 0, 49));
    await peers.kafka.createTopic('orders-overlap', 2);

    const summary = json(await runCli(restoreArgs(peers, 'overlap/', 'orders-overlap', '--json'), { env }));
    expect(summary).toEqual(expect.objectContaining({ completed: true, restored: 350, duplicatesSkipped: 100 }));
    expect(summary.partitions.map((p: { restored: number; duplicatesSkipped: number }) => p)).toEqual([
      expect.objectContaining({ partition: 0, restored: 300, duplicatesSkipped: 100, firstOffset: 0, lastOffset: 299 }),
      expect.objectContaining({ partition: 1, restored: 50, duplicatesSkipped: 0, firstOffset: 0, lastOffset: 49 }),
    ]);
    await expectRestoredOnce(peers, 'orders-overlap', [...records(0, 0, 299), ...records(1, 0, 49)]);

    // 60-160: the key of 0-99 says it ends at 49 (where the next key starts); its metadata says 99.
    const range = json(
      await runCli(
        restoreArgs(
          peers,
          'overlap/',
          'orders-overlap',
          '--partitions',
          '0',
          '--from-offset',
          '60',
          '--to-offset',
          '160',
          '--dry-run',
          '--json',
        ),
        { env },
      ),
    );
    expect(range.partitions).toEqual([
      expect.objectContaining({ partition: 0, restored: 101, firstOffset: 60, lastOffset: 160 }),
    ]);
  });

  test('a damaged or unreadable object stops the restore with its key', async () => {
    await putBackupObject(cos, 'damaged/', records(0, 0, 99));
    const damaged = await putBackupObject(cos, 'damaged/', records(0, 100, 199), {
      body: Buffer.from('this is not gzip\n'),
    });
    await peers.kafka.createTopic('orders-damaged', 2);
    const advice = 'the backup is damaged here; run verify, and restore around it with --from-offset/--to-offset';

    const run = await runCli(restoreArgs(peers, 'damaged/', 'orders-damaged', '--dry-run'), { env });
    expect([run.code, run.stderr]).toEqual([
      1,
      `ckafka-cos-backup: error: ${damaged}: not a valid gzip stream (incorrect header check): ${advice}\n`,
    ]);

    const whole = zlib.gzipSync(
      records(0, 100, 199)
        .map((r) => `${encodeRecordLine(r)}\n`)
        .join(''),
    );
    await putBackupObject(cos, 'damaged/', records(0, 100, 199), { body: whole.subarray(0, whole.length - 10) });
    const truncated = await runCli(restoreArgs(peers, 'damaged/', 'orders-damaged', '--dry-run'), { env });
    expect([truncated.code, truncated.stderr]).toEqual([
      1,
      `ckafka-cos-backup: error: ${damaged}: not a valid gzip stream (unexpected end of file): ${advice}\n`,
    ]);

    // COS fails every download of the object.
    await putBackupObject(cos, 'damaged/', records(0, 100, 199));
    peers.cos.faults.add({ match: { method: 'GET', keyIncludes: damaged }, action: { status: 503 }, times: 1000 });
    try {
      const unreadable = await runCli(restoreArgs(peers, 'damaged/', 'orders-damaged', '--dry-run'), { env });
      // Not damaged: the same command works once COS does.
      expect([unreadable.code, unreadable.stderr]).toEqual([
        1,
        `ckafka-cos-backup: error: ${damaged}: download failed: InternalError: injected fault (HTTP 503)\n`,
      ]);
    } finally {
      peers.cos.faults.clear();
    }
    expect((await runCli(restoreArgs(peers, 'damaged/', 'orders-damaged', '--dry-run', '--json'), { env })).code).toBe(
      0,
    );
  });

  test('a line longer than --max-line-bytes is an error naming the object and the line; memory stays bounded', async () => {
    // One record of 200 MiB: its line is read up to the 64 MiB default, then refused.
    const huge = Buffer.concat([
      Buffer.from(`{"topic":"${TOPIC}","partition":0,"offset":10,"timestamp":${BASE_TIME},"key":null,"value":"`),
      Buffer.alloc(200 * 1024 * 1024, 'a'),
      Buffer.from('","headers":[]}\n'),
    ]);
    const body = zlib.gzipSync(Buffer.concat([huge, Buffer.from(`${encodeRecordLine(records(0, 11, 11)[0])}\n`)]));
    await putBackupObject(cos, 'long/', records(0, 0, 9));
    const long = await putBackupObject(cos, 'long/', records(0, 10, 11), { body });
    await peers.kafka.createTopic('orders-long', 2);

    const { child, done } = startCli(restoreArgs(peers, 'long/', 'orders-long', '--dry-run'), { env });
    const peak = watchPeakMemory(child.pid!);
    const run = await done;
    const peakMiB = peak.stop();
    // The default 64 MiB of one line plus the program; reading the whole 200 MiB line took 4 to 5 times that.
    expect(peakMiB).toBeGreaterThan(0);
    expect(peakMiB).toBeLessThan(250);
    expect([run.code, run.stderr]).toEqual([
      1,
      `ckafka-cos-backup: error: ${long}: line 1 is longer than 67108864 bytes (--max-line-bytes): not read, ` +
        'to keep memory bounded; raise --max-line-bytes if the backup holds records that large\n',
    ]);

    const verify = await runCli(['verify', ...at('long/'), '--max-line-bytes', '1MiB', '--json'], { env });
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout).problems).toEqual([
      {
        kind: 'read',
        topic: TOPIC,
        partition: 0,
        key: long,
        message: `${long}: line 1 is longer than 1048576 bytes (--max-line-bytes): not read, to keep memory bounded; raise --max-line-bytes if the backup holds records that large`,
      },
    ]);
  });
});

/** Polls the peak resident memory (VmHWM) of a process until stopped; the result is in MiB. */
function watchPeakMemory(pid: number): { stop(): number } {
  let peakKiB = 0;
  const read = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      // The process has exited.
    }
  };
  const timer = setInterval(read, 5);
  return {
    stop() {
      clearInterval(timer);
      return peakKiB / 1024;
    },
  };
}
