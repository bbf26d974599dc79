// Restore never writes an offset twice, never runs silently across a gap, never writes into the
// source topic by accident, and names the object of every read error. Each backup here is written
// object by object (keys, gzip JSON Lines, offset metadata as the handler writes them), so a test
// has exactly the overlaps, gaps and damage it needs.
import * as fs from 'fs';
import * as zlib from 'zlib';
import { encodeRecordLine, partitionStateKey } from '../../../contract/backup-format';
import type { CosClient } from '../../../clients/cos/cos-client';
import type { KafkaRecord } from '../../../clients/kafka';
import { BUCKET, INSTANCE, Peers, startPeers } from '../../support/backup-fixture';
import { ConsumedRecord, consume } from '../../support/kcat';
import {
  CliResult,
  at,
  cosEnv,
  putBackupObject,
  putExpiredMarker,
  restoreArgsFor,
  runCli,
  sourceRecords,
  startCli,
  testCos,
} from '../cli-fixture';

const TOPIC = 'orders';
const BASE_TIME = Date.UTC(2026, 10, 24, 22, 0, 0);

function restoreArgs(peers: Peers, prefix: string, toTopic: string, ...more: string[]): string[] {
  return restoreArgsFor(at(prefix), TOPIC, peers.kafka.bootstrap, toTopic, ...more);
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

describe('restore: each offset once, no silent gaps, never into the source by accident (bundled CLI, mock Kafka, local COS)', () => {
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
    expect(summary).toEqual(
      expect.objectContaining({ completed: true, restored: 350, duplicatesSkipped: 100, gaps: [] }),
    );
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

  test('a gap in the selected range stops the restore and names it; --allow-gaps restores the rest and lists it', async () => {
    // Partition 0 lacks 100-199. Partition 1 is compacted: offsets are missing inside and between its
    // objects, but next-offset accounts for every one of them.
    const first = await putBackupObject(cos, 'gap/', records(0, 0, 99));
    const third = await putBackupObject(cos, 'gap/', records(0, 200, 299));
    const compacted = [...records(1, 0, 49, (o) => o % 2 === 0), ...records(1, 50, 99, (o) => o % 3 === 1 && o < 98)];
    await putBackupObject(cos, 'gap/', compacted.slice(0, 25), { next: 50 });
    await putBackupObject(cos, 'gap/', compacted.slice(25), { start: 50, next: 100 });
    expect(compacted[25].offset).toBe(52);
    await peers.kafka.createTopic('orders-gaps', 2);

    const refused = await runCli(restoreArgs(peers, 'gap/', 'orders-gaps'), { env });
    expect(refused).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr:
        'ckafka-cos-backup: error: the selected range has 1 gap(s), so the restore would not be complete: ' +
        `orders/0 offsets 100-199 (100, missing: no object between ${first} and ${third}). ` +
        'Run verify for details; pass --allow-gaps to restore what the backup holds anyway, or narrow the range ' +
        '(--from-offset, --to-offset, --partitions)\n',
    });
    // A dry run tells the same.
    expect((await runCli(restoreArgs(peers, 'gap/', 'orders-gaps', '--dry-run', '--json'), { env })).code).toBe(1);
    expect(await consume(peers.kafka.bootstrap, 'orders-gaps')).toEqual([]);

    // Ranges without the gap restore: the compacted partition, and partition 0 up to 99.
    expect(
      json(await runCli(restoreArgs(peers, 'gap/', 'orders-gaps', '--partitions', '1', '--json'), { env })).restored,
    ).toBe(compacted.length);
    await expectRestoredOnce(peers, 'orders-gaps', compacted);
    const below = json(
      await runCli(
        restoreArgs(peers, 'gap/', 'orders-gaps', '--partitions', '0', '--to-offset', '99', '--dry-run', '--json'),
        { env },
      ),
    );
    expect([below.restored, below.gaps]).toEqual([100, []]);

    await peers.kafka.createTopic('orders-gaps-allowed', 2);
    const text = await runCli(restoreArgs(peers, 'gap/', 'orders-gaps-allowed', '--allow-gaps', '--dry-run'), { env });
    expect(text.stdout).toContain(
      `Gap in partition 0, not restored (--allow-gaps): offsets 100-199 (100, missing: no object between ${first} and ${third})\n`,
    );
    const allowed = json(
      await runCli(restoreArgs(peers, 'gap/', 'orders-gaps-allowed', '--allow-gaps', '--json'), { env }),
    );
    expect(allowed).toEqual(
      expect.objectContaining({
        completed: true,
        restored: 200 + compacted.length,
        gaps: [{ partition: 0, from: 100, to: 199, kind: 'missing', after: first, before: third, marker: null }],
      }),
    );
    await expectRestoredOnce(peers, 'orders-gaps-allowed', [
      ...records(0, 0, 99),
      ...records(0, 200, 299),
      ...compacted,
    ]);
  });

  test('records that retention deleted before the backup are a gap of their own kind', async () => {
    await putBackupObject(cos, 'expired/', records(0, 0, 99));
    const marker = await putExpiredMarker(cos, 'expired/', TOPIC, 0, 100, 150);
    await putBackupObject(cos, 'expired/', records(0, 150, 199));
    // The handler's progress record is no object and no gap.
    await cos.putObject({
      bucket: BUCKET,
      key: partitionStateKey('expired/', INSTANCE, TOPIC, 0),
      body: Buffer.from('{"nextOffset":200,"updatedAt":"2026-11-24T23:00:00Z"}'),
    });

    await peers.kafka.createTopic('orders-expired', 2);
    const refused = await runCli(restoreArgs(peers, 'expired/', 'orders-expired'), { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `the selected range has 1 gap(s), so the restore would not be complete: orders/0 offsets 100-149 (50, ` +
        `expired-before-backup: deleted by retention before the backup read them, recorded in ${marker}).`,
    );
    const allowed = json(
      await runCli(restoreArgs(peers, 'expired/', 'orders-expired', '--allow-gaps', '--dry-run', '--json'), { env }),
    );
    expect([allowed.restored, allowed.objectsRead, allowed.gaps]).toEqual([
      150,
      2,
      [
        {
          partition: 0,
          from: 100,
          to: 149,
          kind: 'expired-before-backup',
          after: expect.stringContaining('+00000000000000000000.jsonl.gz'),
          before: expect.stringContaining('+00000000000000000150.jsonl.gz'),
          marker,
        },
      ],
    ]);
  });

  test('the backed-up topic is refused as the target unless --into-source', async () => {
    await putBackupObject(cos, 'source/', records(0, 0, 99));
    await putBackupObject(cos, 'source/', records(1, 0, 49));

    const refused = await runCli(restoreArgs(peers, 'source/', TOPIC), { env });
    expect(refused).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr:
        `ckafka-cos-backup: --to-topic "orders" is the topic this backup is of: it may be the source topic itself, and ` +
        'restoring into it writes every record a second time after the originals (the backup does not record which ' +
        'cluster it came from, so a topic of the same name counts as the source). Choose another --to-topic, or pass ' +
        '--into-source to write into it anyway\n',
    });
    expect(await consume(peers.kafka.bootstrap, TOPIC)).toEqual([]);

    const into = json(await runCli(restoreArgs(peers, 'source/', TOPIC, '--into-source', '--json'), { env }));
    expect(into.restored).toBe(150);
    await expectRestoredOnce(peers, TOPIC, [...records(0, 0, 99), ...records(1, 0, 49)]);

    const help = (await runCli(['restore', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).not.toContain('the same one or another');
    expect(help).toContain('--into-source allow --to-topic to be the backed-up topic itself');
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
