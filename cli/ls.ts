import { Command } from 'commander';
import type { CosClient } from '../functions/cos/cos-client';
import { decodeRecordLine, fromMetadata, instancePrefix } from '../contract/backup-format';
import type { BackupObject } from './backup-listing';
import { addCommonOptions, addMaxLineBytesOption, CommonOptions, environmentHelp } from './common-options';
import { mapConcurrent } from '../functions/concurrency';
import { explainCosError } from './cos-access';
import { coverage, Gap, OffsetRange, OffsetSpan, Overlap } from './coverage';
import { objectLines } from './object-lines';
import { objectsInTimeRange } from './object-selection';
import { openBackup } from './open-backup';
import { parseTime } from './option-parsers';
import { formatBytes, formatHour, formatRanges, formatTable, formatTime } from './text-format';
import { UsageError } from './usage-error';

interface LsOptions extends CommonOptions {
  from?: string;
  to?: string;
  exact?: boolean;
  maxLineBytes: number;
}

/** One partition's line of `ls`; the field names are the --json contract. */
export interface PartitionSummary {
  partition: number;
  objects: number;
  bytes: number;
  /** From object metadata; objects without it are not counted (see objectsWithoutMetadata). */
  records: number;
  objectsWithoutMetadata: number;
  firstOffset: number;
  lastOffset: number;
  ranges: OffsetRange[];
  gaps: Gap[];
  overlaps: Overlap[];
  /** Hour of the first record, from the first object's key (dt/hour): approximate by design. */
  firstRecordHour: string;
  /** Hour of the first record of the last object: the last record is at or after it. */
  lastObjectHour: string;
  /** Exact record times, only with --exact (else null). */
  firstTimestamp: number | null;
  lastTimestamp: number | null;
}

const HEAD_CONCURRENCY = 16;

export function lsCommand(): Command {
  const command = new Command('ls')
    .summary('list what a backup covers, per topic and partition')
    .description(
      'List the coverage of a backup per topic and partition: offset ranges, gaps between objects, ' +
        'object count and size, record count (from object metadata) and the time of the first record.\n\n' +
        'Record times come from the object keys (dt=/hour= is the UTC hour of the first record of each ' +
        'object), so they are hours, not exact times; --exact reads the first and the last record of ' +
        'each partition instead (it downloads the last object of every partition).',
    );
  addCommonOptions(command, 'optional')
    .option(
      '--from <time>',
      'only objects that may hold records at or after this time (ISO 8601, UTC when no zone; or epoch ms)',
    )
    .option('--to <time>', 'only objects that may hold records before this time')
    .option('--exact', 'read record times from the data instead of the keys');
  addMaxLineBytesOption(command)
    .addHelpText(
      'after',
      `
Output:
  A table per partition; gaps (offsets no object holds) and overlaps (offsets held twice) are
  listed below it. --json prints {bucket, region, prefix, instanceId, from, to, topics: [{topic,
  partitions: [{partition, objects, bytes, records, objectsWithoutMetadata, firstOffset,
  lastOffset, ranges, gaps, overlaps, firstRecordHour, lastObjectHour, firstTimestamp,
  lastTimestamp}]}]}.
${environmentHelp()}

Examples:
  ckafka-cos-backup ls --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/
  ckafka-cos-backup ls --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --from 2026-11-24T00:00Z --to 2026-11-25T00:00Z --json
  ckafka-cos-backup ls --bucket backup-1250000000 --region ap-guangzhou --topic orders --exact`,
    )
    .action(async (options: LsOptions) => {
      await runLs(options);
    });
  return command;
}

async function runLs(options: LsOptions): Promise<void> {
  const from = options.from === undefined ? undefined : parseTime('--from', options.from);
  const to = options.to === undefined ? undefined : parseTime('--to', options.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new UsageError(`--from ${options.from} must be before --to ${options.to}`);
  }
  const { cos, listing } = await openBackup(options);
  const topics: { topic: string; partitions: PartitionSummary[] }[] = [];
  try {
    for (const [topic, partitions] of listing.topics) {
      const summaries: PartitionSummary[] = [];
      for (const [partition, all] of partitions) {
        const objects = objectsInTimeRange(all, from, to);
        if (objects.length > 0) summaries.push(await summarize(cos, options, partition, objects));
      }
      topics.push({ topic, partitions: summaries });
    }
  } catch (error) {
    throw explainCosError(error, options);
  }

  if (options.json) {
    const document = {
      bucket: options.bucket,
      region: options.region,
      prefix: options.prefix,
      instanceId: listing.instanceId,
      from: from === undefined ? null : formatTime(from),
      to: to === undefined ? null : formatTime(to),
      topics,
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `${renderText(`cos://${options.bucket}/${instancePrefix(options.prefix, listing.instanceId)}`, topics, options.exact === true)}\n`,
  );
}

async function summarize(
  cos: CosClient,
  options: LsOptions,
  partition: number,
  objects: BackupObject[],
): Promise<PartitionSummary> {
  const { bucket } = options;
  const heads = await mapConcurrent(objects, HEAD_CONCURRENCY, (o) => cos.headObject({ bucket, key: o.key }));
  let records = 0;
  let withoutMetadata = 0;
  const spans: OffsetSpan[] = objects.map((object, i) => {
    const metadata = heads[i] ? fromMetadata(heads[i]!.metadata, object.key) : undefined;
    if (metadata) {
      records += metadata.recordCount;
      return { key: object.key, first: metadata.firstOffset, last: metadata.lastOffset };
    }
    // No metadata (still being written, or not written by the backup): assume it reaches the next object.
    withoutMetadata += 1;
    const next = objects[i + 1];
    return {
      key: object.key,
      first: object.startOffset,
      last: next ? Math.max(object.startOffset, next.startOffset - 1) : object.startOffset,
    };
  });
  const { ranges, gaps, overlaps } = coverage(spans);
  const times =
    options.exact === true
      ? await recordTimes(cos, options, objects[0], objects[objects.length - 1])
      : { first: null, last: null };
  return {
    partition,
    objects: objects.length,
    bytes: objects.reduce((sum, o) => sum + o.size, 0),
    records,
    objectsWithoutMetadata: withoutMetadata,
    firstOffset: ranges[0].from,
    lastOffset: Math.max(...ranges.map((r) => r.to)),
    ranges,
    gaps,
    overlaps,
    firstRecordHour: formatTime(objects[0].hourStartMs),
    lastObjectHour: formatTime(objects[objects.length - 1].hourStartMs),
    firstTimestamp: times.first,
    lastTimestamp: times.last,
  };
}

/** Timestamps of the first record of `first` and the last record of `last`, read from the data. */
async function recordTimes(cos: CosClient, options: LsOptions, first: BackupObject, last: BackupObject) {
  const read = { maxLineBytes: options.maxLineBytes };
  const timestampOf = (text: string, key: string, line: number) =>
    decodeRecordLine(text, `${key} line ${line}`).timestamp;
  let firstTime: number | null = null;
  for await (const line of objectLines(cos, options.bucket, first.key, read)) {
    firstTime = timestampOf(line.text, first.key, line.number);
    break;
  }
  let lastLine: { text: string; number: number } | undefined;
  for await (const line of objectLines(cos, options.bucket, last.key, read)) lastLine = line;
  return { first: firstTime, last: lastLine ? timestampOf(lastLine.text, last.key, lastLine.number) : null };
}

function renderText(
  location: string,
  topics: { topic: string; partitions: PartitionSummary[] }[],
  exact: boolean,
): string {
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
  const rows: string[][] = [];
  const notes: string[] = [];
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
        formatHour(Date.parse(p.firstRecordHour)),
        formatHour(Date.parse(p.lastObjectHour)),
      ];
      if (exact)
        row.push(
          p.firstTimestamp === null ? '-' : formatTime(p.firstTimestamp),
          p.lastTimestamp === null ? '-' : formatTime(p.lastTimestamp),
        );
      rows.push(row);
      for (const gap of p.gaps) {
        notes.push(
          `gap      ${topic}/${p.partition} offsets ${formatRanges([gap])} (${gap.to - gap.from + 1}): no object between ${gap.after} and ${gap.before}`,
        );
      }
      for (const overlap of p.overlaps) {
        notes.push(
          `overlap  ${topic}/${p.partition} offsets ${formatRanges([overlap])} are in both ${overlap.keys[0]} and ${overlap.keys[1]}`,
        );
      }
      if (p.objectsWithoutMetadata > 0) {
        notes.push(
          `note     ${topic}/${p.partition}: ${p.objectsWithoutMetadata} object(s) without offset metadata (being written, or not written by the backup); run verify`,
        );
      }
    }
  }
  const lines = [`Backup ${location}`, '', formatTable(header, rows, new Set([1, 2, 4, 6]))];
  if (rows.length === 0) lines.push('(no objects in the given time range)');
  if (notes.length > 0) lines.push('', ...notes);
  if (!exact)
    lines.push(
      '',
      'Hours come from the object keys (UTC hour of the first record of an object); --exact reads record times.',
    );
  return lines.join('\n');
}
