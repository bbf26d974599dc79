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
import { openBackup } from '../backup/open-backup';
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
import { UsageError } from '../command-line/usage-error';

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
      'topic to write to; it must exist (with enough partitions unless --repartition-by-key)',
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

Output:
  A summary per source partition. --json prints {dryRun, completed, source, target,
  checkpoint, restored, alreadyRestored, outsideRange, duplicatesSkipped, objectsRead,
  objectsSkipped, foundInTarget, gaps: [{partition, from, to, kind, after, before, marker}],
  partitions: [{partition, restored, alreadyRestored, outsideRange, duplicatesSkipped,
  firstOffset, lastOffset}]}.
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

  # Offsets 1000 to 1999 of partition 3 into a topic with another partition count:
  ckafka-cos-backup restore --bucket backup-1250000000 --region ap-guangzhou --topic orders \\
      --to-bootstrap 10.0.0.12:9092 --to-topic orders-3p --partitions 3 \\
      --from-offset 1000 --to-offset 1999 --repartition-by-key`,
    )
    .action(backupAction((options: RestoreOptions) => runRestore(parseRestoreOptions(options))));
  return command;
}

async function runRestore(request: RestoreRequest): Promise<void> {
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
    const targets = await targetPartitionsOf(kafka, request, sources);
    const wouldWrite = (r: KafkaRecord) => sources.includes(r.partition) && placeRecord(selection, r) === 'inside';
    const checkpoint =
      Checkpoint.load(checkpointFile, identity) ??
      (await newCheckpoint(kafka, request, checkpointFile, identity, targets, wouldWrite));
    if (checkpoint.completed) {
      report(request, { ...outcome, completedBefore: true });
      return;
    }
    if (repartition && checkpoint.targetPartitions !== targets.length) {
      throw new UsageError(
        `${target.topic} had ${checkpoint.targetPartitions} partitions when this restore started and has ${targets.length} now: ` +
          `keys would go elsewhere; delete ${checkpointFile} and restore into a new topic`,
      );
    }
    outcome.foundInTarget = await catchUpWithTarget(kafka, target.topic, source.topic, targets, checkpoint);
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
    report(request, outcome);
  } finally {
    await producer?.close().catch(() => undefined);
    await kafka.close().catch(() => undefined);
  }
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
