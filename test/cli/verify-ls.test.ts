// What this suite proves: `ls` and `verify` describe a clean backup written by the handler, and
// find the damage done to copies of it: a corrupted object, a deleted one, a range held twice.
import * as zlib from 'zlib';
import { BUCKET, PREFIX, Peers, startPeers } from '../support/backup-fixture';
import { LOCATION, at, backUpInRounds, cosEnv, runCli, testCos, variedRecord } from './cli-fixture';

const TOPIC = 'events';
const PARTITIONS = 2;
const RECORDS = 3000;
/** Records 10 ms apart from 10 s before an hour: the first round's objects land in hour 22, the others in 23. */
const BASE_TIME = Date.UTC(2026, 10, 24, 22, 59, 50);

/** The backup copied under another prefix, so each test damages its own copy. */
async function copyBackup(peers: Peers, prefix: string): Promise<string[]> {
  const cos = testCos(peers);
  const objects = await peers.cos.listObjects(BUCKET, PREFIX);
  for (const o of objects) {
    await cos.putObjectCopy({
      bucket: BUCKET,
      key: prefix + o.key.slice(PREFIX.length),
      source: { bucket: BUCKET, key: o.key },
    });
  }
  return objects.map((o) => prefix + o.key.slice(PREFIX.length)).sort();
}

function objectsOf(keys: string[], partition: number): string[] {
  return keys.filter((k) => k.includes(`/partition=${partition}/`)).sort();
}

describe('ls and verify (bundled CLI against a local COS server)', () => {
  let peers: Peers;
  let env: Record<string, string>;

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS }]);
    env = cosEnv(peers);
    // Three handler runs: three objects per partition, offsets 0-1499 in each partition.
    await backUpInRounds(
      peers,
      TOPIC,
      Array.from({ length: RECORDS }, (_, i) => variedRecord(i, PARTITIONS, BASE_TIME)),
      3,
    );
  }, 120_000);
  afterAll(() => peers?.stop());

  test('ls prints an aligned table per partition and stable JSON', async () => {
    const text = await runCli(['ls', ...LOCATION], { env });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('Backup cos://backup-1250000000/kafka/ckafka-test1234/');
    const header = lines.find((l) => l.startsWith('TOPIC'))!;
    expect(header).toMatch(
      /^TOPIC\s+PARTITION\s+OBJECTS\s+SIZE\s+RECORDS\s+OFFSETS\s+GAPS\s+FIRST RECORD HOUR\s+LAST OBJECT HOUR$/,
    );
    const rows = lines.filter((l) => l.startsWith(`${TOPIC} `));
    expect(rows).toHaveLength(PARTITIONS);
    // Aligned: every row has its OFFSETS value where the header has the column.
    for (const row of rows) expect(row.slice(header.indexOf('OFFSETS')).startsWith('0-1499')).toBe(true);
    expect(rows[0]).toMatch(
      /^events\s+0\s+3\s+[\d.]+ KiB\s+1500\s+0-1499\s+0\s+2026-11-24 22:00Z\s+2026-11-24 23:00Z$/,
    );

    const json = await runCli(['ls', ...LOCATION, '--json', '--exact'], { env });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc).toEqual(
      expect.objectContaining({
        bucket: BUCKET,
        region: 'ap-guangzhou',
        prefix: 'kafka/',
        instanceId: 'ckafka-test1234',
      }),
    );
    expect(doc.topics.map((t: { topic: string }) => t.topic)).toEqual([TOPIC]);
    // null from a handler that does not write next-offset yet.
    const { nextOffset, ...partition1 } = doc.topics[0].partitions[1];
    expect([null, 1500]).toContain(nextOffset);
    expect(partition1).toEqual({
      partition: 1,
      objects: 3,
      bytes: expect.any(Number),
      records: 1500,
      objectsWithoutMetadata: 0,
      firstOffset: 0,
      lastOffset: 1499,
      ranges: [{ from: 0, to: 1499 }],
      gaps: [],
      overlaps: [],
      firstRecordHour: '2026-11-24T22:00:00.000Z',
      lastObjectHour: '2026-11-24T23:00:00.000Z',
      firstTimestamp: BASE_TIME + 10,
      lastTimestamp: BASE_TIME + (RECORDS - 1) * 10,
    });

    // A time range keeps only the objects that may hold records in it.
    const late = JSON.parse(
      (await runCli(['ls', ...LOCATION, '--json', '--from', '2026-11-25T01:00:00Z'], { env })).stdout,
    );
    expect(late.topics[0].partitions.map((p: { objects: number; ranges: unknown }) => [p.objects, p.ranges])).toEqual([
      [1, [{ from: 1000, to: 1499 }]],
      [1, [{ from: 1000, to: 1499 }]],
    ]);
  });

  test('verify passes on a clean backup', async () => {
    const text = await runCli(['verify', ...LOCATION], { env });
    expect(text).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    // Without --topic, grouped by topic: the topic's line, then the instance's.
    expect(text.stdout).toMatch(
      /^OK: 6 objects, [\d.]+ KiB, 3000 records in cos:\/\/backup-1250000000\/kafka\/ckafka-test1234\/events\/\n\n/,
    );
    expect(text.stdout).toMatch(
      /\nOK: 1 topic, 6 objects, [\d.]+ KiB, 3000 records in cos:\/\/backup-1250000000\/kafka\/ckafka-test1234\/\n$/,
    );
    const json = JSON.parse((await runCli(['verify', ...LOCATION, '--json', '--topic', TOPIC], { env })).stdout);
    expect(json).toEqual(expect.objectContaining({ ok: true, objects: 6, records: 3000, problems: [] }));
  });

  test('verify names a corrupted object and exits 1', async () => {
    const keys = await copyBackup(peers, 'damaged-gzip/');
    const victim = objectsOf(keys, 1)[1];
    const cos = testCos(peers);
    const head = await cos.headObject({ bucket: BUCKET, key: victim });
    // Same metadata, damaged body: only reading the data can tell.
    await cos.putObject({
      bucket: BUCKET,
      key: victim,
      body: Buffer.from('this is not gzip\n'),
      metadata: head!.metadata,
    });

    const text = await runCli(['verify', ...at('damaged-gzip/')], { env });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`read      ${victim}: not a valid gzip stream (incorrect header check)`);
    expect(text.stdout).toMatch(/1 problem\(s\) in 6 objects/);

    // A truncated gzip stream is reported too.
    const good = zlib.gzipSync(Buffer.from('x'.repeat(1000)));
    await cos.putObject({
      bucket: BUCKET,
      key: victim,
      body: good.subarray(0, good.length - 10),
      metadata: head!.metadata,
    });
    const truncated = await runCli(['verify', ...at('damaged-gzip/'), '--json'], { env });
    expect(truncated.code).toBe(1);
    const problems = JSON.parse(truncated.stdout).problems;
    expect(problems).toEqual([
      {
        kind: 'read',
        topic: TOPIC,
        partition: 1,
        key: victim,
        message: `${victim}: not a valid gzip stream (unexpected end of file)`,
      },
    ]);
  });

  test('verify and ls report a deleted object as a gap', async () => {
    const keys = await copyBackup(peers, 'damaged-gap/');
    const [before, victim, after] = objectsOf(keys, 0);
    const deleted = await fetch(`${peers.cos.endpoint}/${BUCKET}/${victim}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);

    const text = await runCli(['verify', ...at('damaged-gap/')], { env });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `gap       events/0: offsets 500-999 are missing: no object holds them between ${before} and ${after}\n`,
    );
    const json = JSON.parse((await runCli(['verify', ...at('damaged-gap/'), '--json'], { env })).stdout);
    expect(json.ok).toBe(false);
    expect(json.problems).toEqual([expect.objectContaining({ kind: 'gap', topic: TOPIC, partition: 0, key: null })]);

    const ls = await runCli(['ls', ...at('damaged-gap/')], { env });
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/events\s+0\s+2\s+\S+ KiB\s+1000\s+0-499,1000-1499\s+1\s/);
    expect(ls.stdout).toContain(`no object between ${before} and ${after}`);
    const lsJson = JSON.parse((await runCli(['ls', ...at('damaged-gap/'), '--json'], { env })).stdout);
    expect(lsJson.topics[0].partitions[0].gaps).toEqual([
      { from: 500, to: 999, kind: 'missing', after: before, before: after, marker: null },
    ]);
  });

  test('verify reports a range held twice', async () => {
    const keys = await copyBackup(peers, 'damaged-dup/');
    const [, second, third] = objectsOf(keys, 0);
    const secondStart = Number(/\+(\d{20})\.jsonl\.gz$/.exec(second)![1]);
    // The third object again, under a key that claims an earlier start inside the second one.
    const duplicate = third.replace(/\+\d{20}\.jsonl\.gz$/, `+${String(secondStart + 10).padStart(20, '0')}.jsonl.gz`);
    const cos = testCos(peers);
    await cos.putObjectCopy({ bucket: BUCKET, key: duplicate, source: { bucket: BUCKET, key: third } });

    const text = await runCli(['verify', ...at('damaged-dup/')], { env });
    expect(text.code).toBe(1);
    const thirdStart = Number(/\+(\d{20})\.jsonl\.gz$/.exec(third)![1]);
    expect(text.stdout).toContain(
      // Objects carry next-offset: the duplicate's key starts below where the object before it ends.
      `offsets   ${duplicate}: the key's start offset ${secondStart + 10} is below ${thirdStart}, where ${second} says the next object starts (metadata next-offset)`,
    );
    expect(text.stdout).toContain(`overlap   events/0: offsets ${thirdStart}-1499 are held twice, by `);
    const json = JSON.parse((await runCli(['verify', ...at('damaged-dup/'), '--json'], { env })).stdout);
    expect(json.problems.map((p: { kind: string }) => p.kind).sort()).toEqual(['offsets', 'overlap']);
  });
});
