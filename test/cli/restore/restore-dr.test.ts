// Disaster recovery: `restore --create-topic` makes the target topic from the backup's
// topic-config snapshot, and `restore --restore-groups` moves the backed-up consumer groups to the
// restored records, the same whether the restore ran at once or was interrupted and resumed.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { KafkaClient, TopicNotFoundError } from '../../../clients/kafka';
import type { CosClient } from '../../../clients/cos/cos-client';
import type { GroupOffsetsSnapshot } from '../../../contract/backup-format';
import { Peers, startPeers } from '../../support/backup-fixture';
import { consume, produce } from '../../support/kcat';
import {
  CliResult,
  at,
  cosEnv,
  putBackupObject,
  putSnapshot,
  restoreArgsFor,
  runCli,
  sourceRecords,
  startCli,
  tempDir,
  restoredSoFar,
  testCos,
  waitFor,
} from '../cli-fixture';

const TOPIC = 'orders';
const PARTITIONS = 3;
/** Records three days old: older than the backed-up topic's retention of one day. */
const BASE_TIME = Math.floor((Date.now() - 3 * 86_400_000) / 3_600_000) * 3_600_000;
const DAY_MS = '86400000';
const at2 = (ms: number) => new Date(ms).toISOString();

/** The groups of the newest snapshot: offsets inside, before and after the backed-up 0-299 of each partition. */
const GROUPS: GroupOffsetsSnapshot['groups'] = {
  billing: { '0': 50, '1': 20 },
  search: { '0': 250, '2': 0 },
  late: { '1': 300 },
  audit: { '5': 7 },
};

function json(run: CliResult) {
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

/** Per target partition: original offset (from the origin header) -> target offset. */
async function targetOffsets(bootstrap: string, topic: string): Promise<Map<number, Map<number, number>>> {
  const byPartition = new Map<number, Map<number, number>>();
  for (const r of await consume(bootstrap, topic)) {
    const last = r.headers[r.headers.length - 1];
    if (last?.[0] !== 'ckafka-cos-backup-origin') continue;
    const original = Number(last[1]!.toString().split('/')[2]);
    (byPartition.get(r.partition) ?? byPartition.set(r.partition, new Map()).get(r.partition)!).set(original, r.offset);
  }
  return byPartition;
}

/**
 * What --restore-groups must commit, computed from the target itself: the target offset of the
 * first restored record at or after the old offset, else the partition's end.
 */
function expectedTranslation(
  restored: Map<number, Map<number, number>>,
  ends: Map<number, number>,
  prefix: string,
  partitions: number[],
) {
  const expected: object[] = [];
  for (const group of Object.keys(GROUPS).sort()) {
    for (const [p, old] of Object.entries(GROUPS[group])) {
      const partition = Number(p);
      if (!partitions.includes(partition)) continue;
      const candidates = [...(restored.get(partition) ?? new Map<number, number>())].filter(([o]) => o >= old);
      const first = candidates.length === 0 ? undefined : Math.min(...candidates.map(([, t]) => t));
      expected.push({
        group,
        targetGroup: `${prefix}${group}`,
        partition,
        oldOffset: old,
        newOffset: first ?? ends.get(partition),
        atEnd: first === undefined,
      });
    }
  }
  return expected;
}

describe('restore --create-topic and --restore-groups (bundled CLI, mock Kafka, local COS)', () => {
  let peers: Peers;
  let env: Record<string, string>;
  let cos: CosClient;
  let kafka: KafkaClient;
  const keys: Record<string, string> = {};
  const consumers: ChildProcess[] = [];

  const restoreArgs = (prefix: string, toTopic: string, ...more: string[]) =>
    restoreArgsFor(at(prefix), TOPIC, peers.kafka.bootstrap, toTopic, ...more);

  async function writeBackup(prefix: string, retention: string | undefined, baseTime = BASE_TIME) {
    for (let p = 0; p < PARTITIONS; p += 1) {
      for (const from of [0, 100, 200]) {
        await putBackupObject(cos, prefix, sourceRecords(TOPIC, p, from, from + 99, baseTime));
      }
    }
    keys[`${prefix}config`] = await putSnapshot(cos, prefix, {
      version: 1,
      topic: TOPIC,
      takenAt: at2(BASE_TIME - 3_600_000),
      partitions: PARTITIONS,
      replicationFactor: 1,
      configs: {
        'cleanup.policy': 'delete',
        'max.message.bytes': '2097152',
        ...(retention === undefined ? {} : { 'retention.ms': retention }),
      },
    });
    keys[`${prefix}groupsOld`] = await putSnapshot(cos, prefix, {
      version: 1,
      topic: TOPIC,
      takenAt: at2(BASE_TIME + 60_000),
      groups: { billing: { '0': 10 } },
    });
    keys[`${prefix}groups`] = await putSnapshot(cos, prefix, {
      version: 1,
      topic: TOPIC,
      takenAt: at2(BASE_TIME + 400_000),
      groups: GROUPS,
    });
  }

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS }]);
    env = cosEnv(peers);
    cos = testCos(peers);
    kafka = new KafkaClient({
      brokers: peers.kafka.bootstrap.split(','),
      clientId: 'restore-dr-test',
      retries: 2,
      log: () => undefined,
    });
    await kafka.connect();
    await writeBackup('dr/', DAY_MS);
    await writeBackup('dr-long/', String(30 * 86_400_000));
    await writeBackup('dr-default/', undefined);
    await writeBackup('dr-old-default/', undefined, BASE_TIME - 5 * 86_400_000);
    for (let p = 0; p < PARTITIONS; p += 1) {
      await putBackupObject(cos, 'bare/', sourceRecords(TOPIC, p, 0, 99, BASE_TIME));
    }
  }, 120_000);
  afterAll(async () => {
    for (const c of consumers) c.kill('SIGKILL');
    await kafka?.close();
    await peers?.stop();
  });

  test('bad or conflicting options are usage errors that name the option, the value and the rule', async () => {
    const cases: [string[], string][] = [
      [
        ['--create-topic', '--replication-factor', '0'],
        '--replication-factor "0" must be a whole number from 1 to 32767 (copies of each partition; at most the number of brokers of the target cluster)',
      ],
      [
        ['--create-topic', '--replication-factor', 'three'],
        '--replication-factor "three" must be a whole number from 1 to 32767 (copies of each partition; at most the number of brokers of the target cluster)',
      ],
      [
        ['--replication-factor', '3'],
        '--replication-factor 3 is for the topic --create-topic creates: pass --create-topic too, or leave it out',
      ],
      [
        ['--group-prefix', 'r-'],
        '--group-prefix "r-" names the groups --restore-groups commits: pass --restore-groups too, or leave it out',
      ],
      [
        ['--restore-groups', '--repartition-by-key'],
        "--restore-groups cannot be combined with --repartition-by-key: records then change partitions, so a group's " +
          "offset on a partition has no single place in the target. Restore the groups' offsets by hand " +
          '(kafka-consumer-groups.sh --reset-offsets), or restore without --repartition-by-key',
      ],
    ];
    for (const [more, message] of cases) {
      const run = await runCli(restoreArgs('dr/', 'orders-x', ...more), { env });
      expect(run).toEqual({ code: 2, signal: null, stdout: '', stderr: `ckafka-cos-backup: ${message}\n` });
    }
    const help = (await runCli(['restore', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const option of [
      '--create-topic',
      '--replication-factor <n>',
      '--restore-groups',
      '--group-prefix <prefix>',
    ]) {
      expect(help).toContain(` ${option} `);
    }
  });

  test('a backup without snapshots is refused before anything is written, saying what to do instead', async () => {
    const config = await runCli(restoreArgs('bare/', 'orders-bare', '--create-topic'), { env });
    expect(config).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr:
        'ckafka-cos-backup: the backup holds no topic configuration of "orders" (no orders/_state/topic-config/ snapshot): ' +
        "it was written before the backup recorded them, or the backup function could not read the topic's " +
        'configuration (DescribeConfigs). Create the topic by hand (as many partitions as the backed-up topic, and its ' +
        'retention and cleanup settings) and restore without --create-topic\n',
    });
    await peers.kafka.createTopic('orders-bare', PARTITIONS);
    const groups = await runCli(restoreArgs('bare/', 'orders-bare', '--restore-groups'), { env });
    expect([groups.code, groups.stderr]).toEqual([
      2,
      'ckafka-cos-backup: the backup holds no consumer group offsets of "orders" (no orders/_state/groups/ snapshot): ' +
        'it was written before the backup recorded them, or the backup function could not list or describe the groups. ' +
        'Restore without --restore-groups and reset the groups by hand (kafka-consumer-groups.sh --reset-offsets)\n',
    ]);
    // A --to-time before the first groups snapshot: none is at or before the end of the range.
    const early = await runCli(
      restoreArgs('dr/', 'orders-bare', '--restore-groups', '--to-time', String(BASE_TIME + 30_000)),
      { env },
    );
    expect([early.code, early.stderr]).toEqual([
      2,
      `ckafka-cos-backup: the backup holds no consumer group offsets of "orders" (no orders/_state/groups/ snapshot at or ` +
        `before --to-time ${at2(BASE_TIME + 30_000)}; the first is from ${at2(BASE_TIME + 60_000)}): choose a later ` +
        '--to-time, or restore without --restore-groups and reset the groups by hand (kafka-consumer-groups.sh --reset-offsets)\n',
    ]);
    expect(await consume(peers.kafka.bootstrap, 'orders-bare')).toEqual([]);
  });

  test('--create-topic --dry-run: prints the topic it would create, retention raised where records are older, and creates nothing', async () => {
    const dry = await runCli(restoreArgs('dr/', 'orders-new', '--create-topic', '--dry-run'), { env });
    expect(dry.code).toBe(0);
    const reset = `kafka-configs.sh --bootstrap-server ${peers.kafka.bootstrap} --alter --entity-type topics --entity-name orders-new --add-config retention.ms=${DAY_MS}`;
    expect(dry.stderr).toBe(
      'ckafka-cos-backup: warning: orders-new is created with retention.ms=-1 (no time limit): the backed-up topic had ' +
        `retention.ms=${DAY_MS}, and restored records are older than that, so the broker would delete restored records ` +
        `soon after writing them. Once consumers have read them, set it back: ${reset}\n`,
    );
    expect(dry.stdout).toContain(
      `Dry run: would create topic orders-new on ${peers.kafka.bootstrap}: 3 partitions, replication factor 1, configs:\n` +
        '  cleanup.policy=delete\n' +
        '  max.message.bytes=2097152\n' +
        `  retention.ms=-1 (backed-up topic: ${DAY_MS})\n` +
        `  (from ${keys['dr/config']}, taken ${at2(BASE_TIME - 3_600_000)})\n` +
        `Dry run: would restore 900 records of orders into orders-new on ${peers.kafka.bootstrap}\n`,
    );
    await expect(kafka.listPartitions('orders-new')).rejects.toBeInstanceOf(TopicNotFoundError);

    const doc = json(
      await runCli(
        restoreArgs('dr/', 'orders-new', '--create-topic', '--replication-factor', '2', '--dry-run', '--json'),
        {
          env,
        },
      ),
    );
    expect(doc.createdTopic).toEqual({
      topic: 'orders-new',
      created: false,
      partitions: 3,
      replicationFactor: 2,
      configs: { 'cleanup.policy': 'delete', 'max.message.bytes': '2097152', 'retention.ms': '-1' },
      retentionRaised: true,
      retentionRaisedFrom: DAY_MS,
      resetRetentionCommand: reset,
      minInsyncReplicasLoweredFrom: null,
      snapshot: keys['dr/config'],
      snapshotTakenAt: at2(BASE_TIME - 3_600_000),
    });
    expect(doc.existingTopic).toBeNull();

    // Retention longer than the records' age: kept as it was.
    const long = json(
      await runCli(restoreArgs('dr-long/', 'orders-new', '--create-topic', '--dry-run', '--json'), { env }),
    );
    expect(long.createdTopic).toEqual(
      expect.objectContaining({
        configs: expect.objectContaining({ 'retention.ms': String(30 * 86_400_000) }),
        retentionRaised: false,
        retentionRaisedFrom: null,
        resetRetentionCommand: null,
      }),
    );
    // No retention.ms of its own: the broker's default, taken to be Kafka's 7 days, keeps records of 3 days.
    const unset = json(
      await runCli(restoreArgs('dr-default/', 'orders-new', '--create-topic', '--dry-run', '--json'), { env }),
    );
    expect(unset.createdTopic).toEqual(
      expect.objectContaining({
        configs: { 'cleanup.policy': 'delete', 'max.message.bytes': '2097152' },
        retentionRaised: false,
      }),
    );
    // The same backup restored from 8 days ago on: set, and set back by deleting it.
    const older = json(
      await runCli(restoreArgs('dr-old-default/', 'orders-new', '--create-topic', '--dry-run', '--json'), { env }),
    );
    expect(older.createdTopic).toEqual(
      expect.objectContaining({
        configs: expect.objectContaining({ 'retention.ms': '-1' }),
        retentionRaised: true,
        retentionRaisedFrom: null,
        resetRetentionCommand: expect.stringMatching(/ --entity-name orders-new --delete-config retention\.ms$/),
      }),
    );
  });

  test('--create-topic and an existing topic: used as it is with enough partitions, refused with fewer', async () => {
    await peers.kafka.createTopic('orders-two', 2);
    const fewer = await runCli(restoreArgs('dr/', 'orders-two', '--create-topic', '--dry-run'), { env });
    expect([fewer.code, fewer.stdout]).toEqual([2, '']);
    expect(fewer.stderr).toBe(
      `ckafka-cos-backup: target topic "orders-two" exists on ${peers.kafka.bootstrap} with 2 partitions, fewer than ` +
        `the 3 of the backed-up topic (${keys['dr/config']}): --create-topic does not change an existing topic. Add ` +
        'partitions to it (kafka-topics.sh --alter --partitions 3), restore into a new --to-topic, or leave ' +
        '--create-topic out and choose --partitions\n',
    );

    await peers.kafka.createTopic('orders-four', 4);
    const more = await runCli(restoreArgs('dr/', 'orders-four', '--create-topic', '--dry-run'), { env });
    expect([more.code, more.stderr]).toEqual([0, '']);
    expect(more.stdout).toContain(
      `Topic exists on ${peers.kafka.bootstrap} with 4 partitions (the backed-up topic had 3): used as it is, its configuration not changed.\n`,
    );
    const doc = json(await runCli(restoreArgs('dr/', 'orders-four', '--create-topic', '--dry-run', '--json'), { env }));
    expect([doc.createdTopic, doc.existingTopic]).toEqual([
      null,
      { partitions: 4, snapshotPartitions: 3, snapshot: keys['dr/config'] },
    ]);
  });

  test('--create-topic --restore-groups: the topic as backed up, then each group at the first restored record at or after its offset', async () => {
    const args = restoreArgs('dr/', 'orders-dr', '--create-topic', '--restore-groups', '--group-prefix', 'r-');
    // The dry run: the expected offsets in the empty topic it would create are the original ones.
    const dry = json(await runCli([...args, '--dry-run', '--json'], { env }));
    expect(dry.groups).toEqual(
      expect.objectContaining({ snapshot: keys['dr/groups'], committed: false, expected: true, activeGroups: [] }),
    );
    const fresh = new Map([0, 1, 2].map((p) => [p, new Map([...Array(300).keys()].map((o) => [o, o]))]));
    const ends300 = new Map([0, 1, 2].map((p) => [p, 300]));
    expect(dry.groups.offsets).toEqual(expectedTranslation(fresh, ends300, 'r-', [0, 1, 2]));
    expect(dry.groups.notRestored).toEqual([{ group: 'audit', targetGroup: 'r-audit', partition: 5, oldOffset: 7 }]);
    const dryText = await runCli([...args, '--dry-run'], { env });
    expect(dryText.stdout).toContain(
      `Group offsets from ${keys['dr/groups']} (taken ${at2(BASE_TIME + 400_000)}): would commit; NEW OFFSET is expected: ` +
        'where the record lands if nothing else writes to the target first\n' +
        '  GROUP    TARGET GROUP  PARTITION  OLD OFFSET  NEW OFFSET\n' +
        '  billing  r-billing             0          50  50\n',
    );
    expect(dryText.stdout).toContain('  late     r-late                1         300  300 (end)\n');
    expect(dryText.stdout).toContain('  left alone: audit partition 5 (offset 7): the restore writes nothing there\n');
    await expect(kafka.listPartitions('orders-dr')).rejects.toBeInstanceOf(TopicNotFoundError);

    const cwd = tempDir('restore-dr');
    const run = await runCli([...args, '--json'], { env, cwd });
    expect([run.code, run.stderr]).toEqual([
      0,
      expect.stringMatching(/^ckafka-cos-backup: warning: orders-dr is created with retention\.ms=-1 [^\n]+\n$/),
    ]);
    const doc = JSON.parse(run.stdout);
    expect(doc.restored).toBe(900);
    expect(doc.createdTopic).toEqual(expect.objectContaining({ created: true, partitions: 3, replicationFactor: 1 }));
    expect(await kafka.listPartitions('orders-dr')).toEqual([0, 1, 2]);
    const described = (await kafka.topicDescriptions(['orders-dr'])).get('orders-dr')!;
    expect(described.partitions).toBe(3);
    expect(described.configs).toEqual(
      expect.objectContaining({ 'cleanup.policy': 'delete', 'max.message.bytes': '2097152', 'retention.ms': '-1' }),
    );

    const restored = await targetOffsets(peers.kafka.bootstrap, 'orders-dr');
    const ends = await kafka.highWatermarks('orders-dr', [0, 1, 2]);
    const expected = expectedTranslation(restored, ends, 'r-', [0, 1, 2]);
    expect(doc.groups).toEqual(
      expect.objectContaining({ committed: true, expected: false, committedBefore: null, offsets: expected }),
    );
    for (const group of ['billing', 'search', 'late']) {
      const committed = await kafka.groupOffsets(`r-${group}`, new Map([['orders-dr', [0, 1, 2]]]));
      const mine = expected.filter((e) => (e as { group: string }).group === group) as {
        partition: number;
        newOffset: number;
      }[];
      expect([...(committed.get('orders-dr') ?? new Map())].sort()).toEqual(
        mine.map((e) => [e.partition, e.newOffset]).sort(),
      );
    }
    // The backed-up group's own id is not touched in the target.
    expect((await kafka.groupOffsets('billing', new Map([['orders-dr', [0, 1, 2]]]))).size).toBe(0);

    // A consumer of the group resumes at the record the group was at: orders/0/50 for billing on partition 0.
    const first = await consumeAsGroup(peers.kafka.bootstrap, 'r-billing', 'orders-dr');
    expect(first.get(0)).toBe('orders/0/50');
    expect(first.get(1)).toBe('orders/1/20');

    // Running it again writes nothing and does not move the groups back.
    const again = json(await runCli([...args, '--json'], { env, cwd }));
    expect(again.restored).toBe(0);
    expect(again.groups).toEqual(expect.objectContaining({ committed: false, committedBefore: expect.any(String) }));
    const text = await runCli(args, { env, cwd });
    expect(text.stdout).toContain('committed by an earlier run at ');
  });

  test('into a topic that holds records already, from an offset: new offsets follow the restored records; an active group is refused, then committed on the rerun', async () => {
    await peers.kafka.createTopic('orders-shifted', PARTITIONS);
    const other = [0, 1, 2].flatMap((partition) =>
      [...Array(7).keys()].map((i) => ({ partition, key: null, value: Buffer.from(`other ${i}`), headers: [] })),
    );
    await produce(peers.kafka.bootstrap, 'orders-shifted', other);
    // A consumer of the target group, running.
    const active = startGroupConsumer(peers.kafka.bootstrap, 'shift-search', 'orders-shifted');
    consumers.push(active);
    await waitFor(async () => {
      const [group] = await kafka.describeGroups(['shift-search']);
      return group?.state === 'Stable' ? true : undefined;
    });

    const args = restoreArgs(
      'dr/',
      'orders-shifted',
      '--restore-groups',
      '--group-prefix',
      'shift-',
      '--from-offset',
      '30',
      '--partitions',
      '0,1',
    );
    const cwd = tempDir('restore-shifted');
    const refused = await runCli([...args, '--json'], { env, cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'ckafka-cos-backup: error: not committing any group offset: group "shift-search" (Stable, 1 member) has active ' +
        `members on ${peers.kafka.bootstrap}, and Kafka takes offsets only from a group without members. The records ` +
        'are restored into orders-shifted; stop those consumers, then run the same command again: it writes nothing ' +
        'more and commits the offsets\n',
    );
    const doc = JSON.parse(refused.stdout);
    expect(doc.restored).toBe(540);
    expect(doc.groups).toEqual(
      expect.objectContaining({
        committed: false,
        activeGroups: [{ group: 'shift-search', state: 'Stable', members: 1 }],
      }),
    );
    // Partition 0 from offset 30 lands after the 7 other records: 50 -> 27, 250 -> 227; partition 1: 20 -> 7 (its first restored record, 30).
    const restored = await targetOffsets(peers.kafka.bootstrap, 'orders-shifted');
    const ends = await kafka.highWatermarks('orders-shifted', [0, 1, 2]);
    const expected = expectedTranslation(restored, ends, 'shift-', [0, 1]);
    expect(doc.groups.offsets).toEqual(expected);
    expect(expected).toEqual([
      { group: 'billing', targetGroup: 'shift-billing', partition: 0, oldOffset: 50, newOffset: 27, atEnd: false },
      { group: 'billing', targetGroup: 'shift-billing', partition: 1, oldOffset: 20, newOffset: 7, atEnd: false },
      { group: 'late', targetGroup: 'shift-late', partition: 1, oldOffset: 300, newOffset: 277, atEnd: true },
      { group: 'search', targetGroup: 'shift-search', partition: 0, oldOffset: 250, newOffset: 227, atEnd: false },
    ]);
    expect(doc.groups.notRestored).toEqual([
      { group: 'audit', targetGroup: 'shift-audit', partition: 5, oldOffset: 7 },
      { group: 'search', targetGroup: 'shift-search', partition: 2, oldOffset: 0 },
    ]);
    expect((await kafka.groupOffsets('shift-billing', new Map([['orders-shifted', [0, 1, 2]]]))).size).toBe(0);

    // The consumer stops (and leaves the group); the same command commits and writes nothing more.
    active.kill('SIGTERM');
    await waitFor(async () => {
      const [group] = await kafka.describeGroups(['shift-search']);
      return group && group.members === 0 ? true : undefined;
    });
    const rerun = json(await runCli([...args, '--json'], { env, cwd }));
    expect(rerun.restored).toBe(0);
    expect(rerun.groups).toEqual(expect.objectContaining({ committed: true, offsets: expected, activeGroups: [] }));
    const search = await kafka.groupOffsets('shift-search', new Map([['orders-shifted', [0, 1, 2]]]));
    expect(search.get('orders-shifted')?.get(0)).toBe(227);
  });

  test('interrupted and resumed, the translation is the same as that of a restore run at once', async () => {
    const once = (topic: string, ...more: string[]) =>
      restoreArgs('dr/', topic, '--restore-groups', '--group-prefix', `${topic}-`, ...more);
    await peers.kafka.createTopic('orders-once', PARTITIONS);
    const straight = json(await runCli([...once('orders-once'), '--json'], { env }));

    // Killed twice: once as is, once after an acknowledged produce whose checkpoint save is lost
    // (the older checkpoint put back), so the resumed run finds records in the target.
    await peers.kafka.createTopic('orders-killed', PARTITIONS);
    const file = path.join(tempDir('restore-dr-kill'), 'checkpoint.json');
    const args = once('orders-killed', '--checkpoint', file, '--rate-limit', '300');
    const first = startCli(args, { env });
    const saved = await waitFor(() => {
      const now = restoredSoFar(file);
      return now && now.records >= 200 ? now : undefined;
    });
    await waitFor(() => ((restoredSoFar(file)?.records ?? 0) >= 420 ? true : undefined));
    first.child.kill('SIGKILL');
    await first.done;
    fs.writeFileSync(file, saved.text);
    const second = startCli(args, { env });
    await waitFor(() => ((restoredSoFar(file)?.records ?? 0) >= 660 ? true : undefined));
    second.child.kill('SIGKILL');
    await second.done;

    const resumed = json(await runCli([...once('orders-killed', '--checkpoint', file), '--json'], { env }));
    expect(resumed.restored).toBeLessThan(900);
    expect(resumed.groups.committed).toBe(true);
    const strip = (offsets: { targetGroup: string }[]) =>
      offsets.map((o) => ({ ...o, targetGroup: o.targetGroup.replace(/^orders-\w+-/, '') }));
    expect(strip(resumed.groups.offsets)).toEqual(strip(straight.groups.offsets));
    expect(strip(straight.groups.offsets)).toEqual(
      strip(
        expectedTranslation(
          await targetOffsets(peers.kafka.bootstrap, 'orders-killed'),
          await kafka.highWatermarks('orders-killed', [0, 1, 2]),
          'orders-killed-',
          [0, 1, 2],
        ) as { targetGroup: string }[],
      ),
    );
    // The checkpoint recorded the snapshot it translated against.
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).groups.snapshotKey).toBe(keys['dr/groups']);
  });

  test('a checkpoint of a restore started without --restore-groups cannot take it later', async () => {
    await peers.kafka.createTopic('orders-later', PARTITIONS);
    const file = path.join(tempDir('restore-dr-later'), 'checkpoint.json');
    expect((await runCli(restoreArgs('dr/', 'orders-later', '--checkpoint', file), { env })).code).toBe(0);
    const later = await runCli(restoreArgs('dr/', 'orders-later', '--checkpoint', file, '--restore-groups'), { env });
    expect([later.code, later.stderr]).toEqual([
      2,
      `ckafka-cos-backup: the restore of checkpoint ${file} started without --restore-groups, so the target offsets of ` +
        'the records it wrote were not recorded and the groups cannot be translated now. Finish it without ' +
        '--restore-groups and reset the groups by hand (kafka-consumer-groups.sh --reset-offsets), or delete the ' +
        'checkpoint and restore into a new topic\n',
    ]);
  });
});

/** A librdkafka consumer in `group` (kcat -G) that keeps running until killed. */
function startGroupConsumer(bootstrap: string, group: string, topic: string): ChildProcess {
  const child = spawn(
    'kcat',
    ['-b', bootstrap, '-G', group, '-q', '-X', 'fetch.wait.max.ms=10', '-X', 'auto.offset.reset=earliest', topic],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  return child;
}

/**
 * Reads `topic` as a member of `group` (kcat -G, offsets from the group, nothing committed) to
 * its end: the origin header of the first record read per partition.
 */
async function consumeAsGroup(bootstrap: string, group: string, topic: string): Promise<Map<number, string>> {
  const child = spawn(
    'kcat',
    [
      '-b',
      bootstrap,
      '-G',
      group,
      '-J',
      '-e',
      '-q',
      '-X',
      'enable.auto.commit=false',
      '-X',
      'fetch.wait.max.ms=10',
      '-X',
      'auto.offset.reset=latest',
      topic,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('latin1')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`kcat -G ${group} exited ${code}`);
  const first = new Map<number, string>();
  for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
    const record = JSON.parse(line) as { partition: number; offset: number; headers?: string[] };
    const headers = record.headers ?? [];
    if (!first.has(record.partition)) first.set(record.partition, headers[headers.length - 1]);
  }
  return first;
}
