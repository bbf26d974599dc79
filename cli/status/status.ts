// `status`: how fresh a backup is per partition (newest record time, age, last offset) from one
// LIST and one HEAD per partition, with --max-age for monitoring and --bootstrap for the lag.
import { Command, Option } from 'commander';
import type { Int64 } from '../../contract/int64';
import { mapConcurrent } from '../../clients';
import { KafkaClient, TopicNotFoundError, type SaslMechanism } from '../../clients/kafka';
import { listedPartitions, listedTopics, locationText, type BackupObject } from '../backup/backup-listing';
import { addCommonOptions, backupAction, CommonOptions, environmentHelp } from '../backup/backup-options';
import { jsonText } from '../command-line/json-text';
import { headObjects } from '../backup/object-spans';
import { openBackup } from '../backup/open-backup';
import { snapshotAges } from '../backup/snapshots';
import { parseDuration } from '../command-line/option-parsers';
import { parseBrokers, SASL_PASSWORD_ENV, saslOf } from '../command-line/kafka-options';
import { newestRecordText, newestRecordTime, NewestRecordTime } from '../backup/newest-record';
import { counted, formatAge, formatHour, formatTable, formatTime } from '../command-line/text-format';
import { EXIT } from '../command-line/usage-error';
import { WITHOUT_METADATA_CAUSES } from '../backup/without-metadata';

interface StatusOptions extends CommonOptions {
  maxAge?: number;
  bootstrap?: string;
  saslMechanism?: SaslMechanism;
  saslUsername?: string;
  tls?: boolean;
}

/** One partition's line of `status`; the field names are the --json contract. */
export interface PartitionStatus {
  partition: number;
  objects: number;
  /** Offset of the newest backed-up record: the last object's metadata last-offset (null: none known). */
  lastOffset: number | null;
  /** ISO time of the newest backed-up record (null: no object, or a timestamp beyond what a date holds). */
  newestRecordTime: string | null;
  /** Seconds from that time to now (negative when the record's time is ahead of this clock). */
  newestRecordAgeSeconds: number | null;
  /**
   * True: the time is the record's timestamp (metadata last-timestamp). False: the object has no
   * last-timestamp (written by an older handler), or no offset metadata at all (lastOffset null:
   * damaged, not written by the backup, or still being written), so the time is its key's hour,
   * the UTC hour of the object's first record. Null: no object.
   */
  exact: boolean | null;
  /** With --bootstrap: the partition's last stable offset (end of committed data), else null. */
  endOffset: number | null;
  /** With --bootstrap: records between the backup's end and endOffset, else null. */
  lag: number | null;
}

export interface StaleEntry {
  topic: string;
  partition: number;
  newestRecordTime: string | null;
  newestRecordAgeSeconds: number | null;
  exact: boolean | null;
}

export function statusCommand(): Command {
  const command = new Command('status')
    .summary('show how fresh a backup is, per topic and partition')
    .description(
      'Show the freshness of a backup per topic and partition: the time and offset of the newest ' +
        'backed-up record and the object count; with --bootstrap also the end offset of each partition ' +
        'in Kafka and the lag (records not backed up yet). With --max-age, exit status 1 when the newest ' +
        'backed-up record of any partition is older than that, so a cron job or CI can alert.\n\n' +
        'Fast on any backup: it downloads no object. It lists the keys (one LIST request per 1000 keys, ' +
        "the _state/ keys included) and sends one HEAD per partition, for its last object's metadata: " +
        'last-offset, next-offset and last-timestamp (the timestamp of its last record). For example, ' +
        '1000 objects over 10 partitions (plus their 10 _state/ keys) take 2 LISTs + 10 HEADs, 100,000 ' +
        'objects over 10 partitions 101 LISTs + 10 HEADs. Finding the instance (without --instance-id) and its topics ' +
        '(without --topic) takes one more LIST each, per 1000 folders; the topics are then listed several at once.\n\n' +
        'Objects written before last-timestamp existed have no record time in their metadata: the time ' +
        "shown is then the hour in the object's key (the UTC hour of its first record), marked approximate; " +
        'the newest record is at or after it, so the age shown is at most the true age plus that hour. ' +
        'A last object without offset metadata (LAST OFFSET -) is another matter: it may be damaged, not written by ' +
        "the backup, or still being written; a note names it (its time is its key's hour too); verify reads the object. " +
        'An idle partition (no new records in Kafka) ages like a stuck one; --bootstrap tells them apart ' +
        '(lag 0).',
    );
  addCommonOptions(command, 'optional')
    .addOption(
      new Option(
        '--max-age <duration>',
        'exit 1 when any partition\'s newest backed-up record is older than this: a number with s, m, h or d ("30m", "6h", "1h30m")',
      ).argParser((value: string) => parseDuration('--max-age', value)),
    )
    .option(
      '--bootstrap <host:port,...>',
      'brokers of the backed-up cluster: adds end offsets and lag (one metadata and one list-offsets request per topic); when unreachable, says so and goes on',
    )
    .addOption(
      new Option(
        '--sasl-mechanism <mechanism>',
        `SASL mechanism for --bootstrap; the password is read from ${SASL_PASSWORD_ENV}`,
      ).choices(['plain', 'scram-sha-256', 'scram-sha-512']),
    )
    .option('--sasl-username <name>', 'SASL user name for --bootstrap (CKafka: <instanceId>#<user>)')
    .option('--tls', 'connect to --bootstrap over TLS')
    .addHelpText(
      'after',
      `
Output:
  A table per partition: OBJECTS, LAST OFFSET, NEWEST RECORD (a time prefixed with ~ is
  approximate, see above), AGE, and with --bootstrap END OFFSET and LAG. With --max-age,
  each stale partition is listed below it. END OFFSET is the last stable offset (where
  committed data ends: the backup reads no further); LAG is END OFFSET minus where the
  backup's next object starts. --json prints {bucket, region, prefix, instanceId, topics:
  [{topic, partitions: [{partition, objects, lastOffset, newestRecordTime,
  newestRecordAgeSeconds, exact, endOffset, lag}]}], maxAgeSeconds, stale: [{topic,
  partition, newestRecordTime, newestRecordAgeSeconds, exact}]}; exact is false for an
  approximate time (lastOffset is then null when the last object has no offset metadata);
  endOffset and lag are null without --bootstrap or when Kafka could not be reached (a
  warning on stderr says why).
  When the backup recorded disaster recovery snapshots of a topic, a line "groups" gives
  the time and age of its newest consumer groups snapshot (from its key), and --json adds
  to the topic snapshots: {groups: {key, takenAt, ageSeconds}, topicConfig: {key, takenAt,
  ageSeconds}} (null for a kind it has none of).
  Without --topic, every topic of the instance (the topic folders under
  <prefix><instanceId>/): per topic its table, its stale partitions and a line
  "topic    <topic>: <partitions, objects>; least fresh <topic>/<p>, newest record <time>,
  <age> old[; lag N][; STALE: n of m partitions older than <max-age> | OK: ...]", then the
  notes, a line "total    ..." and, with --max-age, the verdict over every topic. --json then
  adds per topic summary: {partitions, objects, leastFresh: {partition, newestRecordTime,
  newestRecordAgeSeconds, exact}, stale, lag}, and summary: {topics, partitions, objects,
  leastFresh (with topic), staleTopics, lag} and emptyTopics (topic folders without backup
  objects); stale is null without --max-age, lag null without --bootstrap. The exit status
  is 1 when a partition of any topic is older than --max-age.
${environmentHelp(`
  ${SASL_PASSWORD_ENV}
      Password for --sasl-username.`).replace(
  '  0  success (verify: no problem found)\n  1  problems found, or the work failed',
  '  0  success (status: no partition older than --max-age)\n  1  status: a partition is older than --max-age; or the work failed',
)}

Examples:
  ckafka-cos-backup status --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/
  ckafka-cos-backup status --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --max-age 30m || alert "orders backup is behind"
  ckafka-cos-backup status --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --bootstrap 10.0.0.12:9092 --json`,
    )
    .action(backupAction(runStatus));
  return command;
}

/** Topics whose partitions and end offsets are asked for at once with --bootstrap. */
const KAFKA_CONCURRENCY = 8;

interface KafkaEnds {
  /** topic -> partition -> last stable offset */
  ends: Map<string, Map<number, number>>;
  /** topic -> partition -> earliest offset, for partitions without a backed-up object */
  starts: Map<string, Map<number, number>>;
  warnings: string[];
}

async function runStatus(options: StatusOptions): Promise<void> {
  // Checked before any request: a bad --bootstrap or SASL setting is a usage error.
  const connection = options.bootstrap
    ? {
        brokers: parseBrokers('--bootstrap', options.bootstrap),
        clientId: 'ckafka-cos-backup-status',
        sasl: saslOf(options),
        ssl: options.tls === true,
        connectionTimeoutMs: 5_000,
        requestTimeoutMs: 10_000,
        retries: 1,
        logLevel: 'error' as const,
        log: () => undefined,
      }
    : undefined;
  const { cos, listing } = await openBackup(options);
  const now = Date.now();

  // One HEAD per partition: its last object (the one with the highest start offset).
  const lastObjects: BackupObject[] = [];
  for (const partitions of listing.topics.values()) {
    for (const objects of partitions.values()) lastObjects.push(objects[objects.length - 1]);
  }
  const headed = await headObjects(cos, options.bucket, lastObjects);
  const headOf = new Map(headed.map((h) => [h.object.key, h]));

  const names = listedTopics(listing);
  const kafka: KafkaEnds = connection
    ? await kafkaEnds(connection, names, listing.topics, options.bootstrap!)
    : { ends: new Map(), starts: new Map(), warnings: [] };
  for (const warning of kafka.warnings) process.stderr.write(`ckafka-cos-backup: warning: ${warning}\n`);

  const topics: TopicEntry[] = [];
  const stale: StaleEntry[] = [];
  const withoutMetadata: LastWithoutMetadata[] = [];
  for (const topic of names) {
    const partitions = listing.topics.get(topic) ?? new Map<number, BackupObject[]>();
    const expired = listing.expired.get(topic);
    const ends = kafka.ends.get(topic);
    const numbers = [...new Set([...listedPartitions(listing, topic), ...(ends?.keys() ?? [])])].sort((a, b) => a - b);
    const statuses: PartitionStatus[] = [];
    for (const partition of numbers) {
      const objects = partitions.get(partition) ?? [];
      const last = objects[objects.length - 1];
      const metadata = last ? headOf.get(last.key)?.metadata : undefined;
      if (last && !metadata) withoutMetadata.push({ topic, partition, key: last.key });
      const time = last ? newestTime(last, metadata?.lastTimestamp, now) : undefined;
      // Where the next object starts: the backup holds everything before it.
      const markers = expired?.get(partition) ?? [];
      const afterExpired = markers.length > 0 ? Math.max(...markers.map((m) => m.to)) : undefined;
      const next = metadata
        ? (metadata.nextOffset ?? metadata.lastOffset + 1)
        : (afterExpired ?? kafka.starts.get(topic)?.get(partition));
      const end = ends?.get(partition);
      const status: PartitionStatus = {
        partition,
        objects: objects.length,
        lastOffset: metadata ? metadata.lastOffset : null,
        newestRecordTime: time?.iso ?? null,
        newestRecordAgeSeconds: time?.ageSeconds ?? null,
        exact: time ? time.exact : null,
        endOffset: end ?? null,
        lag: end === undefined || next === undefined ? null : Math.max(0, end - Math.max(next, afterExpired ?? 0)),
      };
      statuses.push(status);
      // A partition with no backed-up record has nothing to be old; its lag says whether it should.
      if (options.maxAge !== undefined && time && time.olderThan(now - options.maxAge * 1000)) {
        stale.push({
          topic,
          partition,
          newestRecordTime: status.newestRecordTime,
          newestRecordAgeSeconds: status.newestRecordAgeSeconds,
          exact: status.exact,
        });
      }
    }
    const kinds = listing.snapshots.get(topic);
    topics.push({ topic, partitions: statuses, ...(kinds ? { snapshots: snapshotAges(kinds, now) } : {}) });
  }

  const grouped = options.topic === undefined;
  const summaries = topics.map((t) => {
    const summary = topicStatus(t.partitions, options);
    if (summary.stale !== null) summary.stale = stale.filter((s) => s.topic === t.topic).length;
    return summary;
  });
  if (options.json) {
    const document = {
      bucket: options.bucket,
      region: options.region,
      prefix: options.prefix,
      instanceId: listing.instanceId,
      topics: grouped
        ? topics.map((t, i) => ({
            topic: t.topic,
            summary: summaries[i],
            partitions: t.partitions,
            ...(t.snapshots ? { snapshots: t.snapshots } : {}),
          }))
        : topics,
      maxAgeSeconds: options.maxAge ?? null,
      stale,
      ...(grouped
        ? {
            summary: instanceStatus(topics, summaries, stale),
            emptyTopics: listing.emptyTopics,
          }
        : {}),
    };
    process.stdout.write(`${jsonText(document, 2)}\n`);
  } else {
    const location = locationText(options, listing.instanceId);
    const text = { location, now, stale, withoutMetadata, options, warnings: kafka.warnings };
    process.stdout.write(
      `${grouped ? renderGrouped(text, topics, summaries, listing.emptyTopics) : renderText(text, topics)}\n`,
    );
  }
  if (stale.length > 0) process.exitCode = EXIT.problems;
}

/** One topic's part of `status`: its partitions and, when the backup has any, its newest snapshots' ages. */
interface TopicEntry {
  topic: string;
  partitions: PartitionStatus[];
  snapshots?: ReturnType<typeof snapshotAges>;
}

/** `groups   orders: newest groups snapshot 2026-...Z, 1h 2m old` (from the key: status downloads nothing). */
function snapshotLines(topics: TopicEntry[]): string[] {
  const lines: string[] = [];
  for (const t of topics) {
    const g = t.snapshots?.groups;
    if (g) lines.push(`groups   ${t.topic}: newest groups snapshot ${g.takenAt}, ${formatAge(g.ageSeconds)} old`);
    else if (t.snapshots) lines.push(`groups   ${t.topic}: no groups snapshot (only topic-config ones)`);
  }
  return lines;
}

/** The partition whose newest backed-up record is the oldest: how far behind the topic's backup is at most. */
export interface LeastFresh {
  partition: number;
  newestRecordTime: string | null;
  newestRecordAgeSeconds: number;
  exact: boolean | null;
}

/** What `status` says of one topic without --topic; the field names are the --json contract. */
export interface TopicStatus {
  partitions: number;
  objects: number;
  /** Null when no partition has a backed-up record with a known age. */
  leastFresh: LeastFresh | null;
  /** With --max-age: the partitions older than it; else null. */
  stale: number | null;
  /** With --bootstrap: the lag of the partitions whose end offset is known, added up; else null. */
  lag: number | null;
}

function topicStatus(partitions: PartitionStatus[], options: StatusOptions): TopicStatus {
  let leastFresh: LeastFresh | null = null;
  for (const p of partitions) {
    if (p.newestRecordAgeSeconds === null) continue;
    if (leastFresh === null || p.newestRecordAgeSeconds > leastFresh.newestRecordAgeSeconds) {
      const { partition, newestRecordTime, newestRecordAgeSeconds, exact } = p;
      leastFresh = { partition, newestRecordTime, newestRecordAgeSeconds, exact };
    }
  }
  const lags = partitions.filter((p) => p.lag !== null);
  return {
    partitions: partitions.length,
    objects: partitions.reduce((sum, p) => sum + p.objects, 0),
    leastFresh,
    stale: options.maxAge === undefined ? null : 0,
    lag: lags.length === 0 ? null : lags.reduce((sum, p) => sum + p.lag!, 0),
  };
}

/** The instance's part of `status --json` without --topic: its topics added up. */
function instanceStatus(
  topics: { topic: string; partitions: PartitionStatus[] }[],
  summaries: TopicStatus[],
  stale: StaleEntry[],
) {
  let leastFresh: (LeastFresh & { topic: string }) | null = null;
  for (const [i, s] of summaries.entries()) {
    if (s.leastFresh && (!leastFresh || s.leastFresh.newestRecordAgeSeconds > leastFresh.newestRecordAgeSeconds)) {
      leastFresh = { topic: topics[i].topic, ...s.leastFresh };
    }
  }
  const lags = summaries.filter((s) => s.lag !== null);
  return {
    topics: topics.length,
    partitions: summaries.reduce((sum, s) => sum + s.partitions, 0),
    objects: summaries.reduce((sum, s) => sum + s.objects, 0),
    leastFresh,
    staleTopics: [...new Set(stale.map((s) => s.topic))],
    lag: lags.length === 0 ? null : lags.reduce((sum, s) => sum + s.lag!, 0),
  };
}

/**
 * A partition whose last object has no offset metadata: its last offset is unknown and its time is
 * the key's hour (as for an object without last-timestamp), but not because the object is old.
 */
interface LastWithoutMetadata {
  topic: string;
  partition: number;
  key: string;
}

interface NewestTime extends NewestRecordTime {
  olderThan(cutoffMs: number): boolean;
}

/** The newest record's time (see newestRecordTime), and whether it is older than a cutoff. */
function newestTime(last: BackupObject, timestamp: Int64 | undefined, now: number): NewestTime {
  const time = newestRecordTime(last.hourStartMs, timestamp, now);
  return {
    ...time,
    olderThan: (cutoff) => (timestamp === undefined ? last.hourStartMs < cutoff : BigInt(timestamp) < BigInt(cutoff)),
  };
}

/** End offsets from the cluster; a cluster that cannot be reached is a warning, not a failure. */
async function kafkaEnds(
  connection: ConstructorParameters<typeof KafkaClient>[0],
  topics: string[],
  backedUp: Map<string, Map<number, BackupObject[]>>,
  bootstrap: string,
): Promise<KafkaEnds> {
  const result: KafkaEnds = { ends: new Map(), starts: new Map(), warnings: [] };
  const kafka = new KafkaClient(connection);
  try {
    await kafka.connect();
  } catch (error) {
    result.warnings.push(
      `cannot reach Kafka at ${bootstrap} (${(error as Error).message}): end offsets and lag are left out`,
    );
    await kafka.close().catch(() => undefined);
    return result;
  }
  try {
    // Several topics at once over the one connection; each topic's warning in the topics' order.
    const warnings = await mapConcurrent(topics, KAFKA_CONCURRENCY, async (topic) => {
      try {
        const partitions = await kafka.listPartitions(topic);
        result.ends.set(topic, await kafka.lastStableOffsets(topic, partitions));
        const withoutObjects = partitions.filter((p) => !backedUp.get(topic)?.has(p));
        if (withoutObjects.length > 0) result.starts.set(topic, await kafka.lowWatermarks(topic, withoutObjects));
        return undefined;
      } catch (error) {
        return error instanceof TopicNotFoundError
          ? `topic "${topic}" does not exist on ${bootstrap} (or may not be described): no end offsets for it`
          : `cannot read the end offsets of "${topic}" from ${bootstrap} (${(error as Error).message}): no lag for it`;
      }
    });
    result.warnings.push(...warnings.filter((w): w is string => w !== undefined));
  } finally {
    await kafka.close().catch(() => undefined);
  }
  return result;
}

/** What the text output says besides the table. */
interface TextParts {
  location: string;
  now: number;
  stale: StaleEntry[];
  withoutMetadata: LastWithoutMetadata[];
  options: StatusOptions;
  warnings: string[];
}

function tableOf(parts: TextParts, topics: { topic: string; partitions: PartitionStatus[] }[]): string {
  const kafka = parts.options.bootstrap !== undefined;
  const header = ['TOPIC', 'PARTITION', 'OBJECTS', 'LAST OFFSET', 'NEWEST RECORD', 'AGE'];
  if (kafka) header.push('END OFFSET', 'LAG');
  const rows: string[][] = [];
  for (const { topic, partitions } of topics) {
    for (const p of partitions) {
      const row = [
        topic,
        String(p.partition),
        String(p.objects),
        p.lastOffset === null ? '-' : String(p.lastOffset),
        newestRecordText(p.newestRecordTime, p.exact),
        p.newestRecordAgeSeconds === null ? '-' : formatAge(p.newestRecordAgeSeconds),
      ];
      if (kafka) row.push(p.endOffset === null ? '-' : String(p.endOffset), p.lag === null ? '-' : String(p.lag));
      rows.push(row);
    }
  }
  return formatTable(header, rows, new Set([1, 2, 3, 6, 7]));
}

/** The notes on approximate times, last objects without offset metadata and Kafka. */
function notesOf(parts: TextParts, topics: { topic: string; partitions: PartitionStatus[] }[]): string[] {
  const { withoutMetadata, warnings } = parts;
  const isWithoutMetadata = (topic: string, partition: number) =>
    withoutMetadata.some((w) => w.topic === topic && w.partition === partition);
  const approximate = topics.some(({ topic, partitions }) =>
    partitions.some((p) => p.exact === false && !isWithoutMetadata(topic, p.partition)),
  );
  const notes: string[] = [];
  if (approximate) {
    notes.push(
      "~ approximate: the last object has no last-timestamp metadata (written before it existed); the time is its key's hour (UTC hour of its first record), and the newest record is at or after it",
    );
  }
  for (const w of withoutMetadata) {
    notes.push(
      `no offset metadata: the last object of ${w.topic}/${w.partition} has none (first-offset, last-offset, record-count): ${w.key}; ` +
        `it may be ${WITHOUT_METADATA_CAUSES}. Its last offset is unknown and the time shown is its key's hour; run verify`,
    );
  }
  for (const warning of warnings) notes.push(`kafka: ${warning}`);
  return notes;
}

/** One line per stale partition. */
function staleLines(parts: TextParts, stale: StaleEntry[]): string[] {
  const { withoutMetadata, options } = parts;
  const limit = formatAge(options.maxAge!);
  return stale.map((s) => {
    const hour = () => `~${formatHour(Date.parse(s.newestRecordTime!))}`;
    const keyHourOfDamaged = withoutMetadata.some((w) => w.topic === s.topic && w.partition === s.partition);
    const when =
      s.exact !== false
        ? s.newestRecordTime
        : keyHourOfDamaged
          ? `${hour()} (the key's hour of a last object without offset metadata)`
          : `${hour()} (approximate)`;
    const age = s.newestRecordAgeSeconds === null ? '' : ` is ${formatAge(s.newestRecordAgeSeconds)} old,`;
    return `stale    ${s.topic}/${s.partition}: newest backed-up record ${when ?? 'time unknown'}${age} older than --max-age ${limit}`;
  });
}

/** The verdict of --max-age over these topics, as the last line says it. */
function maxAgeLine(
  parts: TextParts,
  topics: { topic: string; partitions: PartitionStatus[] }[],
  inTopics = '',
): string {
  const limit = formatAge(parts.options.maxAge!);
  const total = topics.reduce((sum, t) => sum + t.partitions.filter((p) => p.exact !== null).length, 0);
  return parts.stale.length > 0
    ? `STALE: ${parts.stale.length} of ${total} partitions have no backed-up record newer than ${limit}${inTopics}`
    : `OK: every partition has a backed-up record newer than ${limit}`;
}

/** With --topic: the table, the notes, the stale partitions and the verdict. */
function renderText(parts: TextParts, topics: TopicEntry[]): string {
  const { location, now, options } = parts;
  const lines = [`Backup ${location} at ${formatTime(now)}`, '', tableOf(parts, topics)];
  const snapshots = snapshotLines(topics);
  if (snapshots.length > 0) lines.push('', ...snapshots);
  const notes = notesOf(parts, topics);
  if (notes.length > 0) lines.push('', ...notes);
  if (options.maxAge !== undefined) lines.push('', ...staleLines(parts, parts.stale), maxAgeLine(parts, topics));
  return lines.join('\n');
}

/** `orders/1, newest record ~2026-11-26 01:00Z, 1h 22m old`. */
function leastFreshText(topic: string, least: LeastFresh): string {
  return `${topic}/${least.partition}, newest record ${newestRecordText(least.newestRecordTime, least.exact)}, ${formatAge(least.newestRecordAgeSeconds)} old`;
}

/** Without --topic: per topic its table, stale partitions and a summary line; then the notes and the instance's lines. */
function renderGrouped(
  parts: TextParts,
  topics: TopicEntry[],
  summaries: TopicStatus[],
  emptyTopics: string[],
): string {
  const { location, now, options } = parts;
  const limit = options.maxAge === undefined ? undefined : formatAge(options.maxAge);
  const lines = [`Backup ${location} at ${formatTime(now)}`];
  topics.forEach((t, i) => {
    const s = summaries[i];
    const facts = [`${counted(s.partitions, 'partition')}, ${counted(s.objects, 'object')}`];
    facts.push(s.leastFresh ? `least fresh ${leastFreshText(t.topic, s.leastFresh)}` : 'no backed-up record');
    if (s.lag !== null) facts.push(`lag ${s.lag}`);
    if (s.stale !== null) {
      facts.push(
        s.stale > 0
          ? `STALE: ${s.stale} of ${s.partitions} partitions older than ${limit}`
          : `OK: every partition newer than ${limit}`,
      );
    }
    const stale = parts.stale.filter((e) => e.topic === t.topic);
    lines.push('', tableOf(parts, [t]), '');
    if (limit !== undefined) lines.push(...staleLines(parts, stale));
    lines.push(...snapshotLines([t]), `topic    ${t.topic}: ${facts.join('; ')}`);
  });
  const notes = notesOf(parts, topics);
  if (notes.length > 0) lines.push('', ...notes);
  const total = instanceStatus(topics, summaries, parts.stale);
  const least = total.leastFresh;
  const facts = [
    `${counted(total.topics, 'topic')}, ${counted(total.partitions, 'partition')}, ${counted(total.objects, 'object')}`,
    least ? `least fresh ${leastFreshText(least.topic, least)}` : 'no backed-up record',
  ];
  if (total.lag !== null) facts.push(`lag ${total.lag}`);
  lines.push('', `total    ${facts.join('; ')}`);
  if (emptyTopics.length > 0) {
    lines.push(
      `note     ${counted(emptyTopics.length, 'topic folder')} without backup objects (only _state/ bookkeeping or other keys): ${emptyTopics.join(', ')}`,
    );
  }
  if (limit !== undefined) {
    const inTopics =
      total.staleTopics.length > 0
        ? ` (in ${total.staleTopics.length} of ${counted(total.topics, 'topic')}: ${total.staleTopics.join(', ')})`
        : '';
    lines.push(maxAgeLine(parts, topics, inTopics));
  }
  return lines.join('\n');
}
