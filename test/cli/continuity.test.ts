// ls and verify check continuity exactly with next-offset metadata (compacted and transactional
// topics verify clean, a missing object is still a gap, whatever --allow-compacted says), and show
// ranges that retention deleted before the backup as gaps of their own kind.
import { partitionStateKey } from '../../contract/backup-format';
import type { CosClient } from '../../clients/cos/cos-client';
import { BUCKET, INSTANCE } from '../support/backup-fixture';
import { CosServer, startCosServer } from '../support/cos-server';
import { at, cosEnv, putBackupObject, putExpiredMarker, runCli, sourceRecords, testCos } from './cli-fixture';

const TOPIC = 'events';
const BASE_TIME = Date.UTC(2026, 10, 24, 22, 0, 0);

const records = (partition: number, from: number, to: number, keep?: (offset: number) => boolean) =>
  sourceRecords(TOPIC, partition, from, to, BASE_TIME, keep);

describe('ls and verify: exact continuity and expired ranges (bundled CLI, local COS)', () => {
  let server: CosServer;
  let cos: CosClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startCosServer({ buckets: [BUCKET] });
    cos = testCos({ cos: server });
    env = cosEnv({ cos: server });
  });
  afterAll(() => server?.stop());

  /**
   * Partition 0 of a compacted, transactional topic: offsets 3, 7, ... compacted away, 40-41 and
   * 42-44 too, odd offsets only from 45, a commit marker at 80. Partition 1 as written before
   * next-offset existed, without gaps.
   */
  async function compactedBackup(prefix: string, withMiddle = true): Promise<string[]> {
    const keys = [
      await putBackupObject(
        cos,
        prefix,
        records(0, 0, 39, (o) => o % 4 !== 3),
        { next: 42 },
      ),
    ];
    if (withMiddle)
      keys.push(
        await putBackupObject(
          cos,
          prefix,
          records(0, 45, 79, (o) => o % 2 === 1),
          { start: 42, next: 81 },
        ),
      );
    keys.push(await putBackupObject(cos, prefix, records(0, 81, 99), { next: 100 }));
    return keys;
  }

  test('a compacted, transactional topic with next-offset verifies clean without --allow-compacted', async () => {
    await compactedBackup('compacted/');
    await putBackupObject(cos, 'compacted/', records(1, 0, 49), { next: null });
    await putBackupObject(cos, 'compacted/', records(1, 50, 99), { next: null });
    const held = records(0, 0, 39, (o) => o % 4 !== 3).length + 18 + 19 + 100;

    const verify = await runCli(['verify', ...at('compacted/')], { env });
    expect(verify).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(verify.stdout).toMatch(
      new RegExp(
        `^OK: 5 objects, [\\d.]+ KiB, ${held} records in cos://${BUCKET}/compacted/${INSTANCE}/${TOPIC}/\\n\\n` +
          `OK: 1 topic, 5 objects, [\\d.]+ KiB, ${held} records in cos://${BUCKET}/compacted/${INSTANCE}/\\n$`,
      ),
    );

    const ls = await runCli(['ls', ...at('compacted/'), '--json'], { env });
    expect(ls.code).toBe(0);
    const [p0, p1] = JSON.parse(ls.stdout).topics[0].partitions;
    expect(p0).toEqual(
      expect.objectContaining({
        objects: 3,
        firstOffset: 0,
        lastOffset: 99,
        nextOffset: 100,
        ranges: [{ from: 0, to: 99 }],
        gaps: [],
        overlaps: [],
      }),
    );
    expect(p1).toEqual(expect.objectContaining({ nextOffset: null, ranges: [{ from: 0, to: 99 }], gaps: [] }));
  });

  test('a missing object is a gap from next-offset to the following key, and --allow-compacted no longer hides it', async () => {
    const [first, third] = await compactedBackup('compacted-gap/', false);
    // Partition 1 as written before next-offset existed, 50-59 missing: that gap may be compaction.
    const legacy = await putBackupObject(cos, 'compacted-gap/', records(1, 0, 49), { next: null });
    const legacyNext = await putBackupObject(cos, 'compacted-gap/', records(1, 60, 99), { next: null });
    const gap = {
      kind: 'gap',
      topic: TOPIC,
      partition: 0,
      key: null,
      message: `${TOPIC}/0: offsets 42-80 are missing: no object holds them between ${first} and ${third}`,
    };
    const legacyGap = {
      kind: 'gap',
      topic: TOPIC,
      partition: 1,
      key: null,
      message: `${TOPIC}/1: offsets 50-59 are missing: no object holds them between ${legacy} and ${legacyNext}`,
    };

    const verify = await runCli(['verify', ...at('compacted-gap/'), '--json'], { env });
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout).problems).toEqual([gap, legacyGap]);
    const text = await runCli(['verify', ...at('compacted-gap/')], { env });
    expect(text.stdout).toContain(
      'note      a gap after an object without next-offset metadata (written before it existed) may be compaction',
    );

    // Deprecated: it accepts only the gap after the object without next-offset.
    const allowed = await runCli(['verify', ...at('compacted-gap/'), '--allow-compacted', '--json'], { env });
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toBe(
      'ckafka-cos-backup: --allow-compacted is deprecated: objects with next-offset metadata are checked exactly ' +
        'without it; it only relaxes objects written before next-offset existed\n',
    );
    expect(JSON.parse(allowed.stdout).problems).toEqual([gap]);

    const ls = JSON.parse((await runCli(['ls', ...at('compacted-gap/'), '--json'], { env })).stdout);
    expect(ls.topics[0].partitions[0].gaps).toEqual([
      { from: 42, to: 80, kind: 'missing', after: first, before: third, marker: null },
    ]);
  });

  test('ranges that retention deleted before the backup are gaps of kind expired-before-backup; _state/ keys are no objects', async () => {
    const prefix = 'expired/';
    await putBackupObject(cos, prefix, records(0, 0, 99));
    const lost = await putExpiredMarker(cos, prefix, TOPIC, 0, 100, 150);
    const afterLoss = await putBackupObject(cos, prefix, records(0, 150, 199));
    // 200-249: no object and no marker.
    const last = await putBackupObject(cos, prefix, records(0, 250, 299));
    // Found by the last run, nothing backed up since.
    const lostAtEnd = await putExpiredMarker(cos, prefix, TOPIC, 0, 300, 320);
    await putBackupObject(cos, prefix, records(1, 0, 99));
    // The handler's other bookkeeping, and keys that only look like ours: never objects, never gaps.
    for (const key of [
      partitionStateKey(prefix, INSTANCE, TOPIC, 0),
      `${prefix}${INSTANCE}/${TOPIC}/_state/expired/partition=0/garbage`,
      `${prefix}${INSTANCE}/${TOPIC}/_state/dt=2026-11-24/hour=22/partition=0/${TOPIC}+0+00000000000000000200.jsonl.gz`,
    ]) {
      await cos.putObject({ bucket: BUCKET, key, body: Buffer.from('{"nextOffset":300}') });
    }

    const ls = await runCli(['ls', ...at(prefix)], { env });
    expect(ls).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(ls.stdout).toMatch(/\nevents\s+0\s+3\s+\S+ KiB\s+200\s+0-99,150-199,250-299\s+3\s/);
    expect(ls.stdout).toMatch(/\nevents\s+1\s+1\s+\S+ KiB\s+100\s+0-99\s+0\s/);
    expect(ls.stdout).toContain(
      `\nexpired  events/0 offsets 100-149 (50): deleted by retention before the backup read them (${lost})\n` +
        `gap      events/0 offsets 200-249 (50): no object between ${afterLoss} and ${last}\n` +
        `expired  events/0 offsets 300-319 (20): deleted by retention before the backup read them (${lostAtEnd})\n`,
    );
    const json = JSON.parse((await runCli(['ls', ...at(prefix), '--json'], { env })).stdout);
    expect(json.topics[0].partitions[0].gaps).toEqual([
      {
        from: 100,
        to: 149,
        kind: 'expired-before-backup',
        after: expect.stringContaining('+00000000000000000000.jsonl.gz'),
        before: afterLoss,
        marker: lost,
      },
      { from: 200, to: 249, kind: 'missing', after: afterLoss, before: last, marker: null },
      { from: 300, to: 319, kind: 'expired-before-backup', after: last, before: null, marker: lostAtEnd },
    ]);

    const verify = await runCli(['verify', ...at(prefix), '--json'], { env });
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout);
    expect([report.objects, report.records]).toEqual([4, 300]);
    expect(report.problems).toEqual([
      {
        kind: 'expired-before-backup',
        topic: TOPIC,
        partition: 0,
        key: lost,
        message: `events/0: offsets 100-149 were deleted by retention before the backup read them (recorded in ${lost})`,
      },
      {
        kind: 'gap',
        topic: TOPIC,
        partition: 0,
        key: null,
        message: `events/0: offsets 200-249 are missing: no object holds them between ${afterLoss} and ${last}`,
      },
      {
        kind: 'expired-before-backup',
        topic: TOPIC,
        partition: 0,
        key: lostAtEnd,
        message: `events/0: offsets 300-319 were deleted by retention before the backup read them (recorded in ${lostAtEnd})`,
      },
    ]);
    const text = await runCli(['verify', ...at(prefix)], { env });
    expect(text.stdout).toContain(
      `expired-before-backup events/0: offsets 100-149 were deleted by retention before the backup read them (recorded in ${lost})\n`,
    );
  });
});
