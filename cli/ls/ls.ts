// `ls`: what a backup covers per topic and partition (objects, offset ranges, gaps, overlaps,
// record times) as a table, JSON or an HTML page; record times come from the data with --exact.
import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import type { CosClient } from '../../clients/cos';
import { decodeRecordLine } from '../../contract/backup-format';
import type { Int64 } from '../../contract/int64';
import { mapConcurrent } from '../../clients';
import {
  listedPartitions,
  listedTopics,
  locationText,
  type BackupListing,
  type BackupObject,
  type ExpiredMarker,
} from '../backup/backup-listing';
import {
  addCommonOptions,
  backupAction,
  addMaxLineBytesOption,
  CommonOptions,
  environmentHelp,
} from '../backup/backup-options';
import { renderHtml, ReportObject, ReportPartition } from './html-report';
import {
  addSummaries,
  hasProblems,
  partitionNotes,
  problemsText,
  sizeText,
  summaryText,
  topicSummary,
  type PartitionSummary,
} from './partition-summary';
import { accountedOffsets, coverage, Gap, GapKind } from '../backup/coverage';
import { jsonText } from '../command-line/json-text';
import { objectLines } from '../backup/object-lines';
import { headObjects, offsetSpans } from '../backup/object-spans';
import { PartitionSelection, selectObjects } from '../backup/object-selection';
import { openBackup } from '../backup/open-backup';
import { summarizeSnapshots, type SnapshotsSummary } from '../backup/snapshots';
import { parseTime } from '../command-line/option-parsers';
import {
  counted,
  formatAge,
  formatBytes,
  formatHour,
  formatRanges,
  formatTable,
  formatTime,
  formatTimestamp,
} from '../command-line/text-format';
import { UsageError } from '../command-line/usage-error';

interface LsOptions extends CommonOptions {
  from?: string;
  to?: string;
  exact?: boolean;
  html?: string;
  maxLineBytes: number;
}

/** A gap as `ls --json` prints it. */
export interface GapSummary {
  from: number;
  to: number;
  /** `missing` (no object holds them) or `expired-before-backup` (retention deleted them before the backup read them). */
  kind: GapKind;
  after: string | null;
  before: string | null;
  /** The handler's expired-range marker (kind expired-before-backup), else null. */
  marker: string | null;
}

export function lsCommand(): Command {
  const command = new Command('ls')
    .summary('list what a backup covers, per topic and partition')
    .description(
      'List the coverage of a backup per topic and partition: offset ranges, gaps, overlaps, ' +
        'object count and size, record count (from object metadata) and the time of the first record.\n\n' +
        'Continuity is exact for objects with next-offset metadata: an object accounts for the offsets from ' +
        "its key's start offset up to its next-offset (offsets without a record there were compacted away or " +
        'are transaction markers), and the next object must start there. Objects written before next-offset ' +
        'existed account for their first to their last record only, so compaction between them shows as a gap. ' +
        'Ranges that retention deleted before the backup read them (recorded by the handler under _state/expired/) ' +
        'are gaps of kind expired-before-backup.\n\n' +
        'Record times come from the object keys (dt=/hour= is the UTC hour of the first record of each ' +
        'object), so they are hours, not exact times; --exact reads the first and the last record of ' +
        'each partition instead (it downloads the last object of every partition).',
    );
  addCommonOptions(command, 'optional')
    .option(
      '--from <time>',
      'only objects that may hold records at or after this time (ISO 8601, UTC when no zone; or epoch ms, negative before 1970)',
    )
    .option('--to <time>', 'only objects that may hold records before this time')
    .option('--exact', 'read record times from the data instead of the keys')
    .option(
      '--html <file>',
      'also write the coverage as one self-contained HTML page (a timeline per partition: ranges, objects, gaps, overlaps, freshness)',
    );
  addMaxLineBytesOption(command)
    .addHelpText(
      'after',
      `
Output:
  A table per partition; gaps and overlaps (offsets held twice) are listed below it, each gap
  as "gap" (no object holds the offsets) or "expired" (deleted by retention before the backup
  read them). GAPS counts both. --json prints {bucket, region, prefix, instanceId, from, to,
  topics: [{topic, partitions: [{partition, objects, bytes, records, objectsWithoutMetadata,
  firstOffset, lastOffset, nextOffset, ranges, gaps: [{from, to, kind, after, before, marker}],
  overlaps, firstRecordHour, lastObjectHour, firstTimestamp, lastTimestamp}]}]}; a gap's kind
  is missing or expired-before-backup. RECORDS ends in + when objects have no offset
  metadata (damaged, not written by the backup, or still being written; a note counts them):
  their records are not counted and verify reads them.
  Snapshots: when the backup recorded them (under <topic>/_state/), a line "groups" gives
  the newest consumer groups snapshot (its group ids, time, age and how many are recorded)
  and a line "config" the newest topic-config snapshot (partitions, replication factor,
  configs); --json adds per such topic snapshots: {groups: {key, takenAt, ageSeconds,
  groupIds, snapshots}, topicConfig: {key, takenAt, ageSeconds, partitions,
  replicationFactor, configs, snapshots}} (null for a kind it has none of). restore
  --create-topic and --restore-groups use them.
  --html <file> writes the same coverage as a page (no script, nothing loaded from the
  network) besides the usual output, every problem marked without hovering (objects without
  offset metadata in a colour of their own); the text output then ends with its path.

  Without --topic, every topic of the instance (the topic folders under
  <prefix><instanceId>/), grouped: per topic its table, its notes and a line
  "topic    <topic>: <partitions, objects, size, records>; <problems>", then a line
  "total    ..." for the instance that names the topics with problems. --json then adds
  per topic summary: {partitions, partitionsWithProblems, objects, bytes, records,
  objectsWithoutMetadata, missingGaps, expiredGaps, overlaps}, and for the instance
  summary (the same added up, with topics and topicsWithProblems) and emptyTopics (topic
  folders without backup objects). The page of --html has a table of the topics and a
  summary line per topic. With --topic, the output is that of the one topic, as above.
${environmentHelp()}

Examples:
  # Every topic of the only instance under kafka/, grouped by topic:
  ckafka-cos-backup ls --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/
  ckafka-cos-backup ls --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --from 2026-11-24T00:00Z --to 2026-11-25T00:00Z --json
  ckafka-cos-backup ls --bucket backup-1250000000 --region ap-guangzhou --topic orders --exact
  ckafka-cos-backup ls --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ --html report.html`,
    )
    .action(backupAction(runLs));
  return command;
}

/** Topics summarized at once without --topic (each reads its partitions in turn, up to 16 HEADs at once). */
const TOPIC_CONCURRENCY = 4;

/** What `ls` found for one topic: the summaries of its partitions, and what the HTML page draws of them. */
interface TopicCoverage {
  topic: string;
  partitions: ReportPartition[];
}

async function runLs(options: LsOptions): Promise<void> {
  const from = options.from === undefined ? undefined : parseTime('--from', options.from);
  const to = options.to === undefined ? undefined : parseTime('--to', options.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new UsageError(`--from ${options.from} must be before --to ${options.to}`);
  }
  const { cos, listing } = await openBackup(options);
  // Without --topic, every topic of the instance, grouped, each with a summary. With --exact one
  // topic at a time, so that one object is read at a time (as before, see Memory in docs/cli.md).
  const grouped = options.topic === undefined;
  const topics = await mapConcurrent(listedTopics(listing), options.exact ? 1 : TOPIC_CONCURRENCY, (topic) =>
    topicCoverage(cos, options, listing, topic, { from, to }),
  );

  const location = locationText(options, listing.instanceId);
  let htmlNote = '';
  if (options.html !== undefined) {
    const page = renderHtml({
      location,
      generatedMs: Date.now(),
      from: from ?? null,
      to: to ?? null,
      topics,
      ...(grouped ? { grouped: { emptyTopics: listing.emptyTopics } } : {}),
    });
    try {
      fs.writeFileSync(options.html, page);
    } catch (error) {
      throw new Error(`cannot write the HTML report to ${options.html}: ${(error as Error).message}`, { cause: error });
    }
    htmlNote = `\n\nHTML report: ${path.resolve(options.html)}`;
  }

  // The disaster recovery snapshots of the topics that have any: the newest of each kind is read.
  const now = Date.now();
  const snapshots = new Map<string, SnapshotsSummary>();
  await mapConcurrent([...listing.snapshots], TOPIC_CONCURRENCY, async ([topic, kinds]) => {
    snapshots.set(topic, await summarizeSnapshots(cos, options.bucket, kinds, now));
  });
  const summaries = topics.map(({ topic, partitions }) => ({
    topic,
    partitions: partitions.map((p) => p.summary),
    snapshots: snapshots.get(topic),
  }));
  if (options.json) {
    const document = {
      bucket: options.bucket,
      region: options.region,
      prefix: options.prefix,
      instanceId: listing.instanceId,
      from: from === undefined ? null : formatTime(from),
      to: to === undefined ? null : formatTime(to),
      topics: summaries.map(({ topic, partitions, snapshots }) => ({
        topic,
        ...(grouped ? { summary: topicSummary(partitions) } : {}),
        partitions: partitions.map((p) => ({ ...p, gaps: p.gaps.map(gapSummary) })),
        ...(snapshots ? { snapshots } : {}),
      })),
      ...(grouped ? instanceSummary(summaries, listing.emptyTopics) : {}),
    };
    process.stdout.write(`${jsonText(document, 2)}\n`);
    return;
  }
  const text = grouped
    ? renderGrouped(location, summaries, listing.emptyTopics, options.exact === true)
    : renderText(location, summaries, options.exact === true);
  process.stdout.write(`${text}${htmlNote}\n`);
}

/** One topic's partitions: all of them, or with a time range those that can hold records in it. */
async function topicCoverage(
  cos: CosClient,
  options: LsOptions,
  listing: BackupListing,
  topic: string,
  range: { from?: number; to?: number },
): Promise<TopicCoverage> {
  const timeRange = range.from !== undefined || range.to !== undefined;
  const partitions = listing.topics.get(topic) ?? new Map<number, BackupObject[]>();
  const expired = listing.expired.get(topic) ?? new Map<number, ExpiredMarker[]>();
  const reported: ReportPartition[] = [];
  for (const partition of listedPartitions(listing, topic)) {
    const all = partitions.get(partition) ?? [];
    const markers = expired.get(partition) ?? [];
    // With a time range, the objects and the gaps that can hold records in it (a partition with
    // neither is left out): every object whose key cannot rule it out gets a HEAD, since an object
    // can reach past later keys (object-selection.ts).
    const selection = timeRange
      ? await selectObjects(cos, options.bucket, all, markers, { fromTime: range.from, toTime: range.to })
      : undefined;
    if (selection && selection.selected.length === 0 && selection.gaps.length === 0) continue;
    reported.push(await summarize(cos, options, partition, all, markers, selection));
  }
  return { topic, partitions: reported };
}

/** The instance's part of `ls --json` without --topic: its topics added up. */
function instanceSummary(topics: { topic: string; partitions: PartitionSummary[] }[], emptyTopics: string[]) {
  const total = addSummaries(topics.map((t) => topicSummary(t.partitions)));
  return {
    summary: {
      topics: topics.length,
      topicsWithProblems: topics.filter((t) => t.partitions.some(hasProblems)).map((t) => t.topic),
      ...total,
    },
    emptyTopics,
  };
}

/** One partition's summary: of all its objects, or of those a time range selected (with their gaps). */
async function summarize(
  cos: CosClient,
  options: LsOptions,
  partition: number,
  all: BackupObject[],
  expired: ExpiredMarker[],
  selection?: PartitionSelection,
): Promise<ReportPartition> {
  const headed = selection ? selection.selected : await headObjects(cos, options.bucket, all);
  const objects = headed.map((h) => h.object);
  const records = headed.reduce((sum, h) => sum + (h.metadata?.recordCount ?? 0), 0);
  const withoutMetadata = headed.filter((h) => !h.metadata).length;
  const spans = offsetSpans(headed);
  const { ranges, gaps, overlaps, nextOffset } = coverage(spans, expired);
  // What the HTML report draws per object: the offsets it accounts for (as coverage counts them).
  const reportObjects: ReportObject[] = headed.map(({ object, metadata }, i) => {
    const { begin, end } = accountedOffsets(spans[i]);
    return {
      key: object.key,
      bytes: object.size,
      from: begin,
      to: end - 1,
      records: metadata ? metadata.recordCount : null,
      hourStartMs: object.hourStartMs,
      lastTimestamp: metadata?.lastTimestamp ?? null,
    };
  });
  const times =
    options.exact === true && objects.length > 0
      ? await recordTimes(cos, options, objects[0], objects[objects.length - 1])
      : { first: null, last: null };
  const summary: PartitionSummary = {
    partition,
    objects: objects.length,
    bytes: objects.reduce((sum, o) => sum + o.size, 0),
    records,
    objectsWithoutMetadata: withoutMetadata,
    firstOffset: ranges.length > 0 ? ranges[0].from : null,
    lastOffset: ranges.length > 0 ? Math.max(...ranges.map((r) => r.to)) : null,
    nextOffset,
    ranges,
    gaps: selection ? selection.gaps : gaps,
    overlaps,
    firstRecordHour: objects.length > 0 ? formatTime(objects[0].hourStartMs) : null,
    lastObjectHour: objects.length > 0 ? formatTime(objects[objects.length - 1].hourStartMs) : null,
    firstTimestamp: times.first,
    lastTimestamp: times.last,
  };
  return { summary, objects: reportObjects };
}

function gapSummary(gap: Gap): GapSummary {
  return {
    from: gap.from,
    to: gap.to,
    kind: gap.kind,
    after: gap.after,
    before: gap.before,
    marker: gap.marker ?? null,
  };
}

/** Timestamps of the first record of `first` and the last record of `last`, read from the data. */
async function recordTimes(cos: CosClient, options: LsOptions, first: BackupObject, last: BackupObject) {
  const read = { maxLineBytes: options.maxLineBytes };
  const timestampOf = (text: string, key: string, line: number) =>
    decodeRecordLine(text, `${key} line ${line}`).timestamp;
  let firstTime: Int64 | null = null;
  for await (const line of objectLines(cos, options.bucket, first.key, read)) {
    firstTime = timestampOf(line.text, first.key, line.number);
    break;
  }
  let lastLine: { text: string; number: number } | undefined;
  for await (const line of objectLines(cos, options.bucket, last.key, read)) lastLine = line;
  return { first: firstTime, last: lastLine ? timestampOf(lastLine.text, last.key, lastLine.number) : null };
}

/** Columns of the table, right-aligned: PARTITION, OBJECTS, RECORDS, GAPS. */
const NUMERIC_COLUMNS = new Set([1, 2, 4, 6]);

const KEY_HOURS_NOTE =
  'Hours come from the object keys (UTC hour of the first record of an object); --exact reads record times.';

function tableHeader(exact: boolean): string[] {
  const header = [
    'TOPIC',
    'PARTITION',
    'OBJECTS',
    'SIZE',
    'RECORDS',
    'OFFSETS',
    'GAPS',
    'FIRST RECORD HOUR',
    'LAST OBJECT HOUR',
  ];
  if (exact) header.push('FIRST RECORD', 'LAST RECORD');
  return header;
}

/** The table's rows of the topics' partitions, and the notes on them (gaps, overlaps, ...). */
function tableRows(
  topics: { topic: string; partitions: PartitionSummary[] }[],
  exact: boolean,
): { rows: string[][]; notes: string[] } {
  const rows: string[][] = [];
  const notes: string[] = [];
  const hour = (iso: string | null) => (iso === null ? '-' : formatHour(Date.parse(iso)));
  for (const { topic, partitions } of topics) {
    for (const p of partitions) {
      const row = [
        topic,
        String(p.partition),
        String(p.objects),
        formatBytes(p.bytes),
        p.objectsWithoutMetadata > 0 ? `${p.records}+` : String(p.records),
        formatRanges(p.ranges),
        String(p.gaps.length),
        hour(p.firstRecordHour),
        hour(p.lastObjectHour),
      ];
      if (exact)
        row.push(
          p.firstTimestamp === null ? '-' : formatTimestamp(p.firstTimestamp),
          p.lastTimestamp === null ? '-' : formatTimestamp(p.lastTimestamp),
        );
      rows.push(row);
      for (const note of partitionNotes(topic, p)) notes.push(`${note.kind.padEnd(8)} ${note.text}`);
    }
  }
  return { rows, notes };
}

/** Group ids named on the text line; the rest are counted (--json lists them all). */
const GROUPS_NAMED = 10;

/**
 * `groups   orders: 3 groups (a, b, c) in the newest snapshot, 2026-...Z, 1h 2m old (12 snapshots)` and
 * `config   orders: 4 partitions, replication factor 3, cleanup.policy=delete, ... (newest of 2 snapshots, ...)`.
 */
function snapshotLines(topic: string, snapshots: SnapshotsSummary | undefined): string[] {
  if (!snapshots) return [];
  const lines: string[] = [];
  const g = snapshots.groups;
  if (g) {
    const named = g.groupIds.slice(0, GROUPS_NAMED).join(', ');
    const more = g.groupIds.length > GROUPS_NAMED ? `, and ${g.groupIds.length - GROUPS_NAMED} more` : '';
    const ids = g.groupIds.length === 0 ? '' : ` (${named}${more})`;
    lines.push(
      `groups   ${topic}: ${counted(g.groupIds.length, 'group')}${ids} in the newest groups snapshot, ` +
        `${g.takenAt}, ${formatAge(g.ageSeconds)} old (${counted(g.snapshots, 'snapshot')} recorded)`,
    );
  }
  const c = snapshots.topicConfig;
  if (c) {
    const configs = Object.keys(c.configs)
      .sort()
      .map((name) => `${name}=${c.configs[name]}`);
    lines.push(
      `config   ${topic}: ${counted(c.partitions, 'partition')}, replication factor ${c.replicationFactor}, ` +
        `${configs.length === 0 ? 'no configs of its own' : configs.join(', ')} ` +
        `(newest of ${counted(c.snapshots, 'topic-config snapshot')}, ${c.takenAt}, ${formatAge(c.ageSeconds)} old)`,
    );
  }
  return lines;
}

/** With --topic: one table, the notes below it. */
function renderText(
  location: string,
  topics: { topic: string; partitions: PartitionSummary[]; snapshots?: SnapshotsSummary }[],
  exact: boolean,
): string {
  const { rows, notes } = tableRows(topics, exact);
  const lines = [`Backup ${location}`, '', formatTable(tableHeader(exact), rows, NUMERIC_COLUMNS)];
  if (rows.length === 0) lines.push('(no objects in the given time range)');
  notes.push(...topics.flatMap((t) => snapshotLines(t.topic, t.snapshots)));
  if (notes.length > 0) lines.push('', ...notes);
  if (!exact) lines.push('', KEY_HOURS_NOTE);
  return lines.join('\n');
}

/** Without --topic: per topic its table, notes and a summary line; then the instance's line. */
function renderGrouped(
  location: string,
  topics: { topic: string; partitions: PartitionSummary[]; snapshots?: SnapshotsSummary }[],
  emptyTopics: string[],
  exact: boolean,
): string {
  const lines = [`Backup ${location}`];
  for (const { topic, partitions, snapshots } of topics) {
    lines.push('');
    if (partitions.length === 0) {
      lines.push(...snapshotLines(topic, snapshots), `topic    ${topic}: no objects in the given time range`);
      continue;
    }
    const { rows, notes } = tableRows([{ topic, partitions }], exact);
    lines.push(formatTable(tableHeader(exact), rows, NUMERIC_COLUMNS), '');
    lines.push(
      ...notes,
      ...snapshotLines(topic, snapshots),
      `topic    ${topic}: ${summaryText(topicSummary(partitions))}`,
    );
  }
  const total = addSummaries(topics.map((t) => topicSummary(t.partitions)));
  const withProblems = topics.filter((t) => t.partitions.some(hasProblems)).map((t) => t.topic);
  const verdict =
    withProblems.length > 0
      ? `problems in ${counted(total.partitionsWithProblems, 'partition')} of ${counted(withProblems.length, 'topic')} (${withProblems.join(', ')}): ${problemsText(total)}`
      : 'no gap, overlap or object without offset metadata';
  lines.push('', `total    ${counted(topics.length, 'topic')}, ${sizeText(total)}; ${verdict}`);
  if (emptyTopics.length > 0) {
    lines.push(
      `note     ${counted(emptyTopics.length, 'topic folder')} without backup objects (only _state/ bookkeeping or other keys): ${emptyTopics.join(', ')}`,
    );
  }
  if (!exact) lines.push('', KEY_HOURS_NOTE);
  return lines.join('\n');
}
