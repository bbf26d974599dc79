// `verify`: reads every object of a backup and checks each one and the continuity of each
// partition, exiting 1 on any problem so that scripts can rely on it.
import { Command } from 'commander';
import { instancePrefix, topicPrefix } from '../../contract/backup-format';
import { listedPartitions, listedTopics, type BackupObject, type ExpiredMarker } from '../backup/backup-listing';
import {
  addCommonOptions,
  backupAction,
  addMaxLineBytesOption,
  CommonOptions,
  environmentHelp,
} from '../backup/backup-options';
import { mapConcurrent } from '../../clients';
import { coverage } from '../backup/coverage';
import { checkObject, ObjectCheck, Problem } from './object-check';
import { openBackup } from '../backup/open-backup';
import { parsePositiveInteger } from '../command-line/option-parsers';
import { startProgress } from '../command-line/progress';
import { counted, formatBytes, formatRanges } from '../command-line/text-format';

interface VerifyOptions extends CommonOptions {
  allowCompacted?: boolean;
  concurrency: number;
  maxLineBytes: number;
}

export function verifyCommand(): Command {
  const command = new Command('verify')
    .summary('read every object of a backup and check it')
    .description(
      'Download every object of the backup and check it. Objects are streamed: memory\n' +
        'does not grow with their size, only with --max-line-bytes and --concurrency\n' +
        '(see --max-line-bytes). Checks:\n' +
        '  - the gzip stream is intact and every line ends with a newline;\n' +
        '  - every line decodes as a record of the topic and partition of its key;\n' +
        "  - offsets rise from the key's start offset;\n" +
        '  - the metadata (first-offset, last-offset, record-count, next-offset and\n' +
        '    last-timestamp, when present) matches the data;\n' +
        '  - across the objects of a partition, no offset is missing and none is held\n' +
        "    twice: each object's key starts at the next-offset of the object before it.\n" +
        'Offsets that an object with next-offset metadata skips are compacted away or\n' +
        'transaction markers, so compacted and transactional topics verify clean. Objects\n' +
        'written before next-offset existed must hold every offset from their key on.\n' +
        'Ranges that retention deleted before the backup read them (the handler records\n' +
        'them under _state/expired/) are reported as expired-before-backup, apart from\n' +
        'other gaps. Each problem is one line that names the object key. The exit status\n' +
        'is 1 when any problem is found.',
    );
  addCommonOptions(command, 'optional')
    .option(
      '--allow-compacted',
      'deprecated: objects with next-offset metadata are checked exactly without it; it still accepts offset gaps ' +
        'in and after objects written before next-offset existed (expired ranges and overlaps are always problems)',
    )
    .option(
      '--concurrency <n>',
      'objects downloaded at once; each may hold a line of up to --max-line-bytes, so each adds about that much to peak memory',
      (value) => parsePositiveInteger('--concurrency', value),
      4,
    );
  addMaxLineBytesOption(
    command,
    'Peak memory: about 300MiB + (--concurrency + 3) x --max-line-bytes with lines near the limit ' +
      '(measured: 520-680MiB with 63-64MiB lines at concurrency 4)',
  )
    .addHelpText(
      'after',
      `
Output:
  Problems, one per line, then a summary. --json prints {ok, bucket, region, prefix,
  instanceId, objects, bytes, records, problems: [{kind, topic, partition, key, message}]};
  kind is one of missing, read, record, placement, offsets, metadata, empty, gap,
  expired-before-backup, overlap. A gap has key null; an expired-before-backup range has the
  key of the handler's marker.
  Without --topic, every topic of the instance (the topic folders under
  <prefix><instanceId>/): per topic its problems and its summary line (what verify --topic
  prints), then a line for the instance naming the topics with problems. --json then adds
  topics: [{topic, ok, partitions, objects, bytes, records, problems}] and emptyTopics (topic
  folders without backup objects); problems still lists every problem. The exit status is 1
  when any topic has a problem.
${environmentHelp()}

Examples:
  ckafka-cos-backup verify --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/
  ckafka-cos-backup verify --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --json > verify-orders.json || echo "backup of orders has problems"`,
    )
    .action(backupAction(runVerify));
  return command;
}

async function runVerify(options: VerifyOptions): Promise<number> {
  if (options.allowCompacted) {
    process.stderr.write(
      'ckafka-cos-backup: --allow-compacted is deprecated: objects with next-offset metadata are checked exactly ' +
        'without it; it only relaxes objects written before next-offset existed\n',
    );
  }
  const { cos, listing } = await openBackup(options);
  const all: BackupObject[] = [];
  for (const partitions of listing.topics.values()) for (const objects of partitions.values()) all.push(...objects);
  const totalBytes = all.reduce((sum, o) => sum + o.size, 0);

  const progress = startProgress('verify', totalBytes, options.json === true);
  let checks: ObjectCheck[];
  try {
    checks = await mapConcurrent(all, options.concurrency, (object) =>
      checkObject(cos, options.bucket, object, {
        allowLegacyGaps: options.allowCompacted === true,
        maxLineBytes: options.maxLineBytes,
        onProgress: progress.add,
      }),
    );
  } finally {
    progress.stop();
  }

  // Per topic, in the listing's order: the problems of its objects, then those between them.
  const byPartition = new Map<string, ObjectCheck[]>();
  for (const check of checks) {
    const name = `${check.object.partition}/${check.object.topic}`;
    (byPartition.get(name) ?? byPartition.set(name, []).get(name)!).push(check);
  }
  const topics: TopicVerdict[] = listedTopics(listing).map((topic) => {
    const expired = listing.expired.get(topic) ?? new Map<number, ExpiredMarker[]>();
    const partitions = listedPartitions(listing, topic);
    const ofTopic = partitions.flatMap((partition) => byPartition.get(`${partition}/${topic}`) ?? []);
    const problems: Problem[] = ofTopic.flatMap((c) => c.problems);
    // Gaps after objects written before next-offset existed: on a compacted topic they may be compaction.
    let inexactGaps = 0;
    for (const partition of partitions) {
      const across = acrossObjects(
        topic,
        partition,
        byPartition.get(`${partition}/${topic}`) ?? [],
        expired.get(partition) ?? [],
        options.allowCompacted === true,
      );
      problems.push(...across.problems);
      inexactGaps += across.inexactGaps;
    }
    return {
      topic,
      ok: problems.length === 0,
      partitions: partitions.length,
      objects: ofTopic.length,
      bytes: ofTopic.reduce((sum, c) => sum + c.object.size, 0),
      records: ofTopic.reduce((sum, c) => sum + c.records, 0),
      problems,
      inexactGaps,
    };
  });
  const problems = topics.flatMap((t) => t.problems);
  const records = topics.reduce((sum, t) => sum + t.records, 0);
  const grouped = options.topic === undefined;

  if (options.json) {
    const document = {
      ok: problems.length === 0,
      bucket: options.bucket,
      region: options.region,
      prefix: options.prefix,
      instanceId: listing.instanceId,
      objects: all.length,
      bytes: totalBytes,
      records,
      problems,
      ...(grouped
        ? {
            topics: topics.map(({ topic, ok, partitions, objects, bytes, records: count, problems: found }) => ({
              topic,
              ok,
              partitions,
              objects,
              bytes,
              records: count,
              problems: found,
            })),
            emptyTopics: listing.emptyTopics,
          }
        : {}),
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else if (!grouped) {
    const scope = `cos://${options.bucket}/${topicPrefix(options.prefix, listing.instanceId, options.topic!)}`;
    process.stdout.write(topicText(topics[0], scope));
  } else {
    // Per topic what verify --topic prints, then the instance's line.
    const groups = topics.map((t) =>
      topicText(t, `cos://${options.bucket}/${topicPrefix(options.prefix, listing.instanceId, t.topic)}`),
    );
    const scope = `cos://${options.bucket}/${instancePrefix(options.prefix, listing.instanceId)}`;
    const totals = `${all.length} objects, ${formatBytes(totalBytes)}, ${records} records in ${scope}`;
    const failed = topics.filter((t) => !t.ok).map((t) => t.topic);
    const total =
      failed.length === 0
        ? `OK: ${counted(topics.length, 'topic')}, ${totals}`
        : `${problems.length} problem(s) in ${failed.length} of ${counted(topics.length, 'topic')} (${failed.join(', ')}); ${totals}`;
    const empty =
      listing.emptyTopics.length > 0
        ? `note      ${counted(listing.emptyTopics.length, 'topic folder')} without backup objects (only _state/ bookkeeping or other keys): ${listing.emptyTopics.join(', ')}\n`
        : '';
    process.stdout.write(`${groups.join('\n')}\n${empty}${total}\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

/** What verify found in one topic. */
interface TopicVerdict {
  topic: string;
  ok: boolean;
  partitions: number;
  objects: number;
  bytes: number;
  records: number;
  problems: Problem[];
  /** Gaps after objects without next-offset metadata: they may be compaction. */
  inexactGaps: number;
}

/** One topic's problems, one a line, then its summary line naming `scope`. */
function topicText(t: TopicVerdict, scope: string): string {
  const lines = t.problems.map((p) => `${p.kind.padEnd(9)} ${p.message}`);
  if (t.inexactGaps > 0) {
    lines.push(
      'note      a gap after an object without next-offset metadata (written before it existed) may be compaction ' +
        'on a compacted or transactional topic; --allow-compacted accepts those',
    );
  }
  const summary = `${t.objects} objects, ${formatBytes(t.bytes)}, ${t.records} records in ${scope}`;
  lines.push(t.ok ? `OK: ${summary}` : `${t.problems.length} problem(s) in ${summary}`);
  return lines.map((line) => `${line}\n`).join('');
}

/** Gaps, expired ranges and overlaps between the objects of one partition, from the offsets actually read. */
function acrossObjects(
  topic: string,
  partition: number,
  checks: ObjectCheck[],
  expired: ExpiredMarker[],
  allowLegacyGaps: boolean,
): { problems: Problem[]; inexactGaps: number } {
  const spans = checks
    .filter((c) => c.first !== undefined && c.last !== undefined)
    .map((c) => ({
      key: c.object.key,
      start: c.object.startOffset,
      first: c.first!,
      last: c.last!,
      ...(c.next !== undefined ? { next: c.next } : {}),
    }));
  const { gaps, overlaps, misplaced } = coverage(spans, expired);
  const problems: Problem[] = [];
  let inexactGaps = 0;
  for (const gap of gaps) {
    if (gap.kind === 'expired-before-backup') {
      problems.push({
        kind: 'expired-before-backup',
        topic,
        partition,
        key: gap.marker!,
        message: `${topic}/${partition}: offsets ${formatRanges([gap])} were deleted by retention before the backup read them (recorded in ${gap.marker})`,
      });
    } else if (!(gap.inexact && allowLegacyGaps)) {
      problems.push({
        kind: 'gap',
        topic,
        partition,
        key: null,
        message: `${topic}/${partition}: offsets ${formatRanges([gap])} are missing: no object holds them between ${gap.after} and ${gap.before}`,
      });
      if (gap.inexact) inexactGaps += 1;
    }
  }
  for (const overlap of overlaps) {
    problems.push({
      kind: 'overlap',
      topic,
      partition,
      key: overlap.keys[1],
      message: `${topic}/${partition}: offsets ${formatRanges([overlap])} are held twice, by ${overlap.keys[0]} and ${overlap.keys[1]}`,
    });
  }
  for (const m of misplaced) {
    problems.push({
      kind: 'offsets',
      topic,
      partition,
      key: m.key,
      message: `${m.key}: the key's start offset ${m.start} is below ${m.expected}, where ${m.after} says the next object starts (metadata next-offset)`,
    });
  }
  return { problems, inexactGaps };
}
