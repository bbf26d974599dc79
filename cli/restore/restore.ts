// `restore`: produces a backed-up range of one topic back into a Kafka topic, resumable through a
// checkpoint and refusing gaps, duplicates and writes into the source topic unless told otherwise.
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { mapConcurrent } from '../../clients';
import { KafkaClient, KafkaClientError, TopicNotFoundError, type KafkaRecord } from '../../clients/kafka';
import { listedPartitions, type ExpiredMarker } from '../backup/backup-listing';
import { addCommonOptions, backupAction, addMaxLineBytesOption, environmentHelp } from '../backup/backup-options';
import type { Gap } from '../backup/coverage';
import { KafkaProducer } from '../../clients/kafka';
import { openBackup, type OpenedBackup } from '../backup/open-backup';
import { startProgress } from '../command-line/progress';
import { RateLimiter } from './rate-limiter';
import { Checkpoint, defaultCheckpointPath, RestoreIdentity } from './restore-checkpoint';
import { copyPartition, CopyContext } from './restore-copy';
import { describeGap, Outcome, PartitionGap, report } from './restore-report';
import { placeRecord, planPartition, selectionIdentity, selectPartitions } from './restore-plan';
import { parseRestoreOptions, RestoreOptions, RestoreRequest } from './restore-request';
import { catchUpWithTarget, earlierRestoreInTarget, ORIGIN_HEADER } from './restore-resume';
import { SASL_PASSWORD_ENV } from '../command-line/kafka-options';
import { RestoreWriter } from './restore-writer';
import { byKey, keepPartition } from './target-partitioner';
import { EXIT, UsageError } from '../command-line/usage-error';
import { newestSnapshot, NO_SNAPSHOTS, readSnapshot, snapshotRef, type TopicSnapshots } from '../backup/snapshots';
import type { GroupOffsetsSnapshot, TopicConfigSnapshot } from '../../contract/backup-format';
import { formatTime } from '../command-line/text-format';
import {
  activeGroups,
  activeRefusal,
  commitGroups,
  GroupsPlan,
  GroupsResult,
  planGroups,
  thresholdsOf,
  translate,
} from './restore-groups';
import { creationWarnings, ensureTopic, oldestRestoredMs, topicCreation, TopicOutcome } from './restore-topic';

type OpenedCos = OpenedBackup['cos'];

/** Partitions planned at once, each with up to 16 HEAD requests in flight. */
const PLAN_CONCURRENCY = 4;

/** Gaps named in the refusal; the rest are counted. */
const GAPS_NAMED = 10;

/** Per produce call; a call is also the unit the checkpoint advances by. */
const BATCH_RECORDS = 500;
const BATCH_BYTES = 1024 * 1024;

export function restoreCommand(): Command {
  const command = new Command('restore')
    .summary('produce a backed-up range back into a Kafka topic')
    .description(
      'Produce the records of a backup into a topic, on this or any cluster. Each record ' +
        'keeps its key, value bytes, headers (order and repeats) and timestamp, goes to the same partition number ' +
        `(or by key, see --repartition-by-key), and gets one more header, last: ${ORIGIN_HEADER} = <topic>/<partition>/<offset> ` +
        'of the original.\n\n' +
        'Each original offset is written at most once, even where objects overlap. A selected range with a gap ' +
        '(offsets no object holds, or that retention deleted before the backup read them) is refused, naming the ' +
        'gaps, unless --allow-gaps (exit status 1). A --to-topic with the name of the backed-up topic is refused unless ' +
        '--into-source (exit status 2): the backup does not record its source cluster, so the name is all there is ' +
        'to tell the source apart.\n\n' +
        'The restore is resumable and writes each record once: a checkpoint file records, after every produce call the ' +
        'cluster acknowledged (acks=all), the last restored offset per source partition. Run the same command again after ' +
        'an interruption; it first reads the end of the target topic to find records written after the last checkpoint ' +
        'save (their origin header names them), then carries on. When the restore is complete the checkpoint stays, so ' +
        'running the command again writes nothing; delete the file to restore the same range again.\n\n' +
        'One topic per command: --topic is required, even when the backup holds many topics of the instance ' +
        '(ls without --topic lists them); restore several topics with one command each, each with its own checkpoint.',
    );
  addCommonOptions(command, 'required')
    .requiredOption('--to-bootstrap <host:port,...>', 'brokers of the cluster to write to')
    .requiredOption(
      '--to-topic <topic>',
      'topic to write to; it must exist (with enough partitions unless --repartition-by-key), or see --create-topic',
    )
    .option(
      '--create-topic',
      "create --to-topic first, as the backup's newest topic-config snapshot describes the backed-up topic " +
        '(partitions, replication factor, configs; retention.ms=-1 instead when retention would delete restored records, ' +
        'with a warning and the command to set it back); an existing topic with at least as many partitions is used as ' +
        'it is, one with fewer is refused',
    )
    .option(
      '--replication-factor <n>',
      "with --create-topic: replication factor of the created topic instead of the backed-up topic's (1 to 32767, at most the brokers)",
    )
    .option(
      '--restore-groups',
      "after every record is restored, commit in the target cluster the offsets of each consumer group of the backup's " +
        'newest groups snapshot at or before the end of the range (--to-time, else the newest): the target offset of the ' +
        "first restored record at or after the group's committed one. Refused with --repartition-by-key; groups with " +
        'active members in the target are refused (none is committed, the records stay restored; rerun to commit)',
    )
    .option(
      '--group-prefix <prefix>',
      'with --restore-groups: commit each group as <prefix><original group id> (default: the original id)',
    )
    .option(
      '--from-offset <offsets>',
      'first offset to restore (included): one number for every partition, or partition:offset pairs (0:1000,2:50)',
    )
    .option('--to-offset <offsets>', 'last offset to restore (included), same forms as --from-offset')
    .option(
      '--from-time <time>',
      'only records with a timestamp at or after this time (ISO 8601, UTC when no zone; or epoch ms, negative before 1970)',
    )
    .option('--to-time <time>', 'only records with a timestamp before this time (excluded)')
    .option('--partitions <list>', 'only these source partitions, such as 0,2 (default: all in the backup)')
    .option(
      '--repartition-by-key',
      "send each record to murmur2(key) modulo the target's partitions (Kafka's default partitioner); records without a key go round-robin",
    )
    .option('--rate-limit <records/s>', 'produce at most this many records per second (default: no limit)')
    .option('--dry-run', 'read the backup and count what would be produced; write nothing, not even the checkpoint')
    .option(
      '--checkpoint <path>',
      'checkpoint file (default: ./.ckafka-cos-backup-restore-<hash of source, target and ranges>.json)',
    )
    .option(
      '--allow-duplicates',
      'start even when the target already ends with records of this range restored by a run whose checkpoint is not here',
    )
    .option(
      '--allow-gaps',
      'restore even when the selected range has gaps (offsets missing from the backup); the summary names them',
    )
    .option(
      '--into-source',
      'allow --to-topic to be the backed-up topic itself (or a topic of that name on another cluster); restored records are appended after what it holds',
    )
    .option(
      '--no-idempotent',
      'produce without the idempotent producer (for clusters that do not support it, such as test brokers)',
    )
    .addOption(
      new Option('--compression <codec>', 'compression of the produced batches')
        .choices(['none', 'gzip', 'snappy', 'lz4'])
        .default('none'),
    )
    .addOption(
      new Option(
        '--sasl-mechanism <mechanism>',
        `SASL mechanism of the target cluster; the password is read from ${SASL_PASSWORD_ENV}`,
      ).choices(['plain', 'scram-sha-256', 'scram-sha-512']),
    )
    .option('--sasl-username <name>', 'SASL user name (CKafka: <instanceId>#<user>)')
    .option('--tls', 'connect to the target cluster over TLS');
  addMaxLineBytesOption(
    command,
    'Peak memory: about 150MiB + 11 x --max-line-bytes with records near the limit, as producing copies a record ' +
      'several times (measured: 620-840MiB at the default 64MiB)',
  )
    .addHelpText(
      'after',
      `
Ranges:
  Offset bounds include both ends; time bounds include the start and exclude the end. Offset
  and time bounds can be combined (a record must match both). A time is ISO 8601 or epoch ms
  (negative before 1970) within ±8.64e15 ms; leave a bound out for an open end.
  Every object that can hold a selected record is read, whatever its key: an object can reach
  past later keys, so each object whose key starts at or before the range's end gets a HEAD
  for its offset metadata. By offset the choice is exact. By time, keys give the hour of each
  object's first record: its records are taken to lie from an hour before that hour to two
  hours after the key hour of any object that starts past its last offset (keys of timestamps
  before 1970 or after 9999 bound nothing). Records of a time range whose timestamps run back
  by more than an hour within a partition can be missed.

Gaps:
  Before producing, the objects' metadata is checked for gaps in the selected range: offsets
  no object holds ("missing") and ranges that retention deleted before the backup read them
  ("expired-before-backup"). Any gap stops the restore with exit status 1 and a list of the
  gaps, unless --allow-gaps. Offsets that objects with next-offset metadata skip (compaction,
  transaction markers) are not gaps; between objects written before next-offset existed they
  look like gaps. With a time range, a gap counts when the records it lacks can have times in
  the range, judged from the keys of the objects around it as for objects.

Disaster recovery (the backup's snapshots under <topic>/_state/, see ls):
  --create-topic creates --to-topic from the newest topic-config snapshot. When the topic
  deletes by time and its retention.ms is shorter than the age of the oldest restored
  record (judged from the object keys, an hour early; Kafka's default of 7 days when the
  topic had none of its own), it is created with retention.ms=-1 instead and a warning
  gives the kafka-configs.sh command that sets it back. A min.insync.replicas above the
  replication factor is lowered to it, with a warning. A backup without the snapshot is refused.
  --restore-groups translates and commits the offsets of every group the snapshot holds
  (every group on the topic but the backup's own, which is never recorded), on the
  partitions the restore writes; the translation is recorded in the checkpoint as records are written,
  so a resumed restore commits the same offsets. Committed once: a rerun does not move
  the groups again. A dry run shows the expected offsets: where the records would land
  if nothing else writes to the target first.

Output:
  A summary per source partition. --json prints {dryRun, completed, source, target,
  checkpoint, restored, alreadyRestored, outsideRange, duplicatesSkipped, objectsRead,
  objectsSkipped, foundInTarget, gaps: [{partition, from, to, kind, after, before, marker}],
  partitions: [{partition, restored, alreadyRestored, outsideRange, duplicatesSkipped,
  firstOffset, lastOffset}]}; with --create-topic also createdTopic: {topic, created,
  partitions, replicationFactor, configs, retentionRaised, retentionRaisedFrom,
  resetRetentionCommand, minInsyncReplicasLoweredFrom, snapshot, snapshotTakenAt} (null
  when the topic existed) and existingTopic: {partitions, snapshotPartitions, snapshot}
  (null when created); with
  --restore-groups also groups: {snapshot, snapshotTakenAt, groupPrefix, committed,
  committedBefore, expected, offsets: [{group, targetGroup, partition, oldOffset,
  newOffset, atEnd}], notRestored: [{group, targetGroup, partition, oldOffset}],
  activeGroups: [{group, state, members}]}.
${environmentHelp(`
  ${SASL_PASSWORD_ENV}
      Password for --sasl-username.`)}

Examples:
  # Everything of orders back into orders-restored, partition for partition:
  ckafka-cos-backup restore --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --to-bootstrap 10.0.0.12:9092 --to-topic orders-restored

  # One hour of partitions 0 and 2, at most 5000 records/s, first as a dry run:
  ckafka-cos-backup restore --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --to-bootstrap 10.0.0.12:9092 --to-topic orders-replay \\
      --from-time 2026-11-24T22:00Z --to-time 2026-11-24T23:00Z --partitions 0,2 --rate-limit 5000 --dry-run

  # Disaster recovery into a new cluster: the topic as it was, then the groups moved to the restored records:
  ckafka-cos-backup restore --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --to-bootstrap 10.1.0.7:9092 --to-topic orders --into-source \\
      --create-topic --restore-groups

  # Offsets 1000 to 1999 of partition 3 into a topic with another partition count:
  ckafka-cos-backup restore --bucket backup-1250000000 --region ap-guangzhou --topic orders \\
      --to-bootstrap 10.0.0.12:9092 --to-topic orders-3p --partitions 3 \\
      --from-offset 1000 --to-offset 1999 --repartition-by-key`,
    )
    .action(backupAction((options: RestoreOptions) => runRestore(parseRestoreOptions(options))));
  return command;
}

async function runRestore(request: RestoreRequest): Promise<number | void> {
  const { source, selection, target, rateLimit, dryRun, repartitionByKey: repartition } = request;
  const { connection } = target;

  const { cos, listing } = await openBackup(source);
  const partitions = listing.topics.get(source.topic)!;
  const expired = listing.expired.get(source.topic) ?? new Map<number, ExpiredMarker[]>();
  const selected = selectPartitions(selection, source.topic, listedPartitions(listing, source.topic));
  const sources = selected.filter((p) => partitions.has(p));
  const planned = await mapConcurrent(selected, PLAN_CONCURRENCY, (p) =>
    planPartition(cos, source.bucket, selection, p, partitions.get(p) ?? [], expired.get(p) ?? []),
  );
  const plans = new Map(planned.map((plan) => [plan.partition, plan]));
  const gaps: PartitionGap[] = [...plans.values()].flatMap((plan) =>
    plan.gaps.map((gap: Gap) => ({ partition: plan.partition, ...gap })),
  );
  if (gaps.length > 0 && !request.allowGaps) throw new Error(gapRefusal(source.topic, gaps));
  const identity: RestoreIdentity = {
    source: { bucket: source.bucket, prefix: source.prefix, instanceId: listing.instanceId, topic: source.topic },
    target: { bootstrap: [...connection.brokers].sort(), topic: target.topic },
    selection: { ...selectionIdentity(selection), repartitionByKey: repartition },
  };
  const checkpointFile = request.checkpoint ? path.resolve(request.checkpoint) : defaultCheckpointPath(identity);
  // The snapshots --create-topic and --restore-groups need are read before connecting to the
  // target, so a backup without them is refused before anything is written.
  const saved = Checkpoint.load(checkpointFile, identity);
  const snapshots = listing.snapshots.get(source.topic) ?? NO_SNAPSHOTS;
  const topicConfig = request.createTopic ? await topicConfigSnapshot(cos, request, snapshots) : undefined;
  const groupsPlan = request.restoreGroups
    ? await groupsPlanOf(cos, request, snapshots, saved, checkpointFile, sources)
    : undefined;
  const outcome: Outcome = {
    instanceId: listing.instanceId,
    checkpointFile,
    completedBefore: false,
    foundInTarget: 0,
    objectsRead: 0,
    objectsSkipped: 0,
    gaps,
    reports: [],
  };

  const kafka = new KafkaClient(connection);
  let producer: KafkaProducer | undefined;
  try {
    await connect(target.bootstrap, () => kafka.connect());
    let topic: TopicOutcome | undefined;
    if (topicConfig) {
      const firstHours = sources.flatMap((p) =>
        plans
          .get(p)!
          .toRead.slice(0, 1)
          .map((o) => o.object.hourStartMs),
      );
      const creation = topicCreation(
        target.topic,
        target.bootstrap,
        topicConfig.snapshot,
        topicConfig.key,
        request.createTopic!.replicationFactor,
        oldestRestoredMs(firstHours, selection.fromTime),
        Date.now(),
      );
      topic = await ensureTopic(kafka, creation, target.bootstrap, dryRun);
      outcome.topic = topic;
      for (const warning of topic.kind === 'create' ? creationWarnings(topic.creation) : [])
        process.stderr.write(`ckafka-cos-backup: warning: ${warning}\n`);
    }
    // A dry run of --create-topic for a topic that does not exist yet: it would be empty.
    const toCreate = topic?.kind === 'create' && !topic.created ? topic.creation : undefined;
    const targets = toCreate
      ? checkTargetPartitions(request, sources, [...Array(toCreate.partitions).keys()])
      : await targetPartitionsOf(kafka, request, sources);
    const wouldWrite = (r: KafkaRecord) => sources.includes(r.partition) && placeRecord(selection, r) === 'inside';
    const checkpoint =
      saved ??
      (toCreate
        ? Checkpoint.create(checkpointFile, identity, new Map(targets.map((t) => [t, 0])))
        : await newCheckpoint(kafka, request, checkpointFile, identity, targets, wouldWrite));
    if (groupsPlan && !checkpoint.groups)
      checkpoint.setGroupThresholds(groupsPlan.snapshotKey, thresholdsOf(groupsPlan));
    if (checkpoint.completed) {
      outcome.completedBefore = true;
      return await finish(kafka, request, outcome, checkpoint, groupsPlan, (p) => checkpoint.hasRestored(p));
    }
    if (repartition && checkpoint.targetPartitions !== targets.length) {
      throw new UsageError(
        `${target.topic} had ${checkpoint.targetPartitions} partitions when this restore started and has ${targets.length} now: ` +
          `keys would go elsewhere; delete ${checkpointFile} and restore into a new topic`,
      );
    }
    outcome.foundInTarget = toCreate
      ? 0
      : await catchUpWithTarget(kafka, target.topic, source.topic, targets, checkpoint);
    if (!dryRun) {
      checkpoint.save();
      producer = new KafkaProducer(connection, { idempotent: target.idempotent, compression: target.compression });
      await produceStep(target, () => producer!.connect());
    }

    const totalBytes = sources
      .flatMap((p) => plans.get(p)!.toRead)
      .reduce((sum, planned) => sum + planned.object.size, 0);
    const progress = startProgress('restore', totalBytes, request.json);
    const context: CopyContext = {
      cos,
      bucket: source.bucket,
      selection,
      partitioner: repartition ? byKey(targets.length) : keepPartition,
      keepsPartitions: !repartition,
      checkpoint,
      writer: new RestoreWriter({
        producer,
        topic: target.topic,
        checkpoint,
        limiter: rateLimit === undefined ? undefined : new RateLimiter(rateLimit),
        // About five produce calls a second when rate limited, so the pace is even.
        batchRecords:
          rateLimit === undefined ? BATCH_RECORDS : Math.max(1, Math.min(BATCH_RECORDS, Math.ceil(rateLimit / 5))),
        batchBytes: BATCH_BYTES,
        onWritten: (records) => progress.add(records, 0),
      }),
      progress,
      counters: outcome,
      maxLineBytes: request.maxLineBytes,
    };
    try {
      for (const source of sources) {
        outcome.reports.push(
          await produceStep(target, () => copyPartition(context, source, plans.get(source)!.toRead)),
        );
      }
    } finally {
      progress.stop();
    }
    checkpoint.markCompleted();
    if (!dryRun) checkpoint.save();
    // A partition counts for the groups when records of it were written (or, in a dry run, would be).
    const written = (p: number) =>
      checkpoint.hasRestored(p) || (dryRun && outcome.reports.some((r) => r.partition === p && r.restored > 0));
    return await finish(kafka, request, outcome, checkpoint, groupsPlan, written);
  } finally {
    await producer?.close().catch(() => undefined);
    await kafka.close().catch(() => undefined);
  }
}

/**
 * The end of a restore whose records are all written: with --restore-groups, the groups'
 * offsets translated and committed (only once, and only when no target group has members); then
 * the summary. Returns exit status 1 when active groups stopped the commit.
 */
async function finish(
  kafka: KafkaClient,
  request: RestoreRequest,
  outcome: Outcome,
  checkpoint: Checkpoint,
  plan: GroupsPlan | undefined,
  written: (partition: number) => boolean,
): Promise<number | undefined> {
  const { target, dryRun } = request;
  let refusal: string | undefined;
  if (plan) {
    const done = checkpoint.groups?.committed;
    if (done) {
      const { notRestored } = translate(plan, checkpoint, written);
      outcome.groups = {
        plan,
        expected: false,
        offsets: done.offsets,
        notRestored,
        active: [],
        committed: false,
        committedBefore: done.at,
      };
    } else {
      const { offsets, notRestored } = translate(plan, checkpoint, written);
      // A group a failed earlier attempt committed may have its consumers running again by now.
      const pending = [...new Set(offsets.map((o) => o.targetGroup))].filter((g) => !checkpoint.groupCommitted(g));
      const active = await activeGroups(kafka, pending);
      const result: GroupsResult = { plan, expected: dryRun, offsets, notRestored, active, committed: false };
      if (!dryRun && active.length > 0) {
        refusal = activeRefusal(active, target.topic, target.bootstrap);
      } else if (!dryRun) {
        await commitGroups(kafka, target.topic, offsets, checkpoint);
        result.committed = true;
      }
      outcome.groups = result;
    }
  }
  report(request, outcome);
  if (refusal) {
    process.stderr.write(`ckafka-cos-backup: error: ${refusal}\n`);
    return EXIT.problems;
  }
  return undefined;
}

/** The newest topic-config snapshot of the backed-up topic; none is a usage error that says what to do. */
async function topicConfigSnapshot(
  cos: OpenedCos,
  request: RestoreRequest,
  snapshots: TopicSnapshots,
): Promise<{ key: string; snapshot: TopicConfigSnapshot }> {
  const { source } = request;
  const ref = newestSnapshot(snapshots, 'topic-config');
  if (!ref) {
    throw new UsageError(
      `the backup holds no topic configuration of "${source.topic}" (no ${source.topic}/_state/topic-config/ snapshot): ` +
        "it was written before the backup recorded them, or the backup function could not read the topic's " +
        'configuration (DescribeConfigs). Create the topic by hand (as many partitions as the backed-up topic, ' +
        'and its retention and cleanup settings) and restore without --create-topic',
    );
  }
  const snapshot = (await readSnapshot(cos, source.bucket, ref)) as TopicConfigSnapshot;
  return { key: ref.key, snapshot };
}

/**
 * The groups --restore-groups moves, from the newest groups snapshot at or before the end of the
 * restored range (--to-time, else the newest of all); a resumed restore keeps the snapshot its
 * first run chose, as its checkpoint recorded it.
 */
async function groupsPlanOf(
  cos: OpenedCos,
  request: RestoreRequest,
  snapshots: TopicSnapshots,
  saved: Checkpoint | undefined,
  checkpointFile: string,
  sources: number[],
): Promise<GroupsPlan> {
  const { source, selection } = request;
  if (saved && !saved.groups && saved.restoredAny) {
    throw new UsageError(
      `the restore of checkpoint ${checkpointFile} started without --restore-groups, so the target offsets of the records ` +
        'it wrote were not recorded and the groups cannot be translated now. Finish it without --restore-groups and ' +
        'reset the groups by hand (kafka-consumer-groups.sh --reset-offsets), or delete the checkpoint and restore into a new topic',
    );
  }
  const ref = saved?.groups
    ? snapshotRef(saved.groups.snapshotKey)
    : newestSnapshot(snapshots, 'groups', selection.toTime);
  if (!ref) {
    const later = snapshots.groups.length > 0 && selection.toTime !== undefined;
    const where = later
      ? `no ${source.topic}/_state/groups/ snapshot at or before --to-time ${formatTime(selection.toTime!)}; the first is from ${formatTime(snapshots.groups[0].takenAtMs)}`
      : `no ${source.topic}/_state/groups/ snapshot`;
    throw new UsageError(
      `the backup holds no consumer group offsets of "${source.topic}" (${where}): ` +
        (later
          ? 'choose a later --to-time, or restore without --restore-groups and reset the groups by hand (kafka-consumer-groups.sh --reset-offsets)'
          : 'it was written before the backup recorded them, or the backup function could not list or describe the groups. ' +
            'Restore without --restore-groups and reset the groups by hand (kafka-consumer-groups.sh --reset-offsets)'),
    );
  }
  const snapshot = (await readSnapshot(cos, source.bucket, ref)) as GroupOffsetsSnapshot;
  return planGroups(snapshot, ref.key, request.restoreGroups!.prefix, sources);
}

/** Why the restore does not start: the gaps, named, and what to do. */
function gapRefusal(topic: string, gaps: PartitionGap[]): string {
  const named = gaps.slice(0, GAPS_NAMED).map((gap) => `${topic}/${gap.partition} ${describeGap(gap)}`);
  const more = gaps.length > GAPS_NAMED ? `; and ${gaps.length - GAPS_NAMED} more` : '';
  return (
    `the selected range has ${gaps.length} gap(s), so the restore would not be complete: ${named.join('; ')}${more}. ` +
    'Run verify for details; pass --allow-gaps to restore what the backup holds anyway, or narrow the range ' +
    '(--from-offset, --to-offset, --partitions)'
  );
}

/**
 * A checkpoint for a first run: the target's current end offsets, after making sure the target
 * does not already end with records this restore would write (an earlier run's checkpoint is elsewhere).
 */
async function newCheckpoint(
  kafka: KafkaClient,
  request: RestoreRequest,
  file: string,
  identity: RestoreIdentity,
  targets: number[],
  wouldWrite: (original: KafkaRecord) => boolean,
): Promise<Checkpoint> {
  const { source, target } = request;
  const ends = await kafka.highWatermarks(target.topic, targets);
  const earlier = request.allowDuplicates
    ? undefined
    : await earlierRestoreInTarget(kafka, target.topic, source.topic, ends, wouldWrite);
  if (earlier) {
    throw new UsageError(
      `${target.topic} already holds records of this range restored from ${source.topic} (${earlier}), ` +
        `but there is no checkpoint at ${file}: to resume that restore, run it from the directory it ran in or pass its --checkpoint; ` +
        'to write the range again anyway, pass --allow-duplicates',
    );
  }
  return Checkpoint.create(file, identity, ends);
}

/** The target topic's partitions; it must exist and, unless records are repartitioned, have every source partition number. */
async function targetPartitionsOf(kafka: KafkaClient, request: RestoreRequest, sources: number[]): Promise<number[]> {
  const { target } = request;
  let targets: number[];
  try {
    targets = await kafka.listPartitions(target.topic);
  } catch (error) {
    if (error instanceof TopicNotFoundError) {
      throw new UsageError(
        `target topic "${target.topic}" does not exist on ${target.bootstrap}: create it first ` +
          `(with at least ${Math.max(...sources) + 1} partitions to keep partition numbers)`,
      );
    }
    throw error;
  }
  return checkTargetPartitions(request, sources, targets);
}

/** The target's partitions, when every source partition has one of the same number (unless records are repartitioned). */
function checkTargetPartitions(request: RestoreRequest, sources: number[], targets: number[]): number[] {
  const { target } = request;
  const missing = request.repartitionByKey ? [] : sources.filter((p) => !targets.includes(p));
  if (missing.length > 0) {
    throw new UsageError(
      `target topic "${target.topic}" has ${targets.length} partitions, so source partition ${missing.join(', ')} has no partition ` +
        `of the same number there: add partitions (at least ${Math.max(...sources) + 1}), choose --partitions, or pass --repartition-by-key`,
    );
  }
  return targets;
}

async function connect(bootstrap: string, call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw new Error(`cannot connect to the target cluster ${bootstrap}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Kafka failures while producing name the target and say that a rerun resumes; the idempotent
 * producer needs broker support, which test brokers may lack. Backup and usage errors pass as they are.
 */
async function produceStep<T>(target: RestoreRequest['target'], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isKafkaError(error)) throw error;
    const hint = target.idempotent
      ? ' (if the cluster does not support idempotent producers, pass --no-idempotent)'
      : '';
    throw new Error(
      `producing to ${target.topic} on ${target.bootstrap} failed: ${(error as Error).message}${hint}; ` +
        'rerun the same command to resume',
      { cause: error },
    );
  }
}

function isKafkaError(error: unknown): boolean {
  return error instanceof KafkaClientError;
}
