import { Command } from 'commander';
import { instancePrefix, topicPrefix } from '../contract/backup-format';
import type { BackupObject } from './backup-listing';
import { addCommonOptions, addMaxLineBytesOption, CommonOptions, environmentHelp } from './common-options';
import { mapConcurrent } from '../functions/concurrency';
import { explainCosError } from './cos-access';
import { coverage } from './coverage';
import { checkObject, ObjectCheck, Problem } from './object-check';
import { openBackup } from './open-backup';
import { parsePositiveInteger } from './option-parsers';
import { startProgress } from './progress';
import { formatBytes, formatRanges } from './text-format';

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
        'stays small whatever their size (one line is at most --max-line-bytes). Checks:\n' +
        '  - the gzip stream is intact and every line ends with a newline;\n' +
        '  - every line decodes as a record of the topic and partition of its key;\n' +
        "  - offsets rise one by one from the key's start offset (see --allow-compacted);\n" +
        '  - the metadata (first-offset, last-offset, record-count) matches the data;\n' +
        '  - across the objects of a partition, no offset is missing and none is held\n' +
        '    twice.\n' +
        'Each problem is one line that names the object key. The exit status is 1 when\n' +
        'any problem is found.',
    );
  addCommonOptions(command, 'optional')
    .option(
      '--allow-compacted',
      'accept gaps in offsets, inside and between objects (compacted or transactional topics)',
    )
    .option(
      '--concurrency <n>',
      'objects downloaded at once',
      (value) => parsePositiveInteger('--concurrency', value),
      4,
    );
  addMaxLineBytesOption(command)
    .addHelpText(
      'after',
      `
Output:
  Problems, one per line, then a summary. --json prints {ok, bucket, region, prefix,
  instanceId, objects, bytes, records, problems: [{kind, topic, partition, key, message}]};
  kind is one of missing, read, record, placement, offsets, metadata, empty, gap, overlap.
${environmentHelp()}

Examples:
  ckafka-cos-backup verify --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/
  ckafka-cos-backup verify --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ \\
      --topic orders --json > verify-orders.json || echo "backup of orders has problems"`,
    )
    .action(async (options: VerifyOptions) => {
      process.exitCode = await runVerify(options);
    });
  return command;
}

async function runVerify(options: VerifyOptions): Promise<number> {
  const { cos, listing } = await openBackup(options);
  const all: BackupObject[] = [];
  for (const partitions of listing.topics.values()) for (const objects of partitions.values()) all.push(...objects);
  const totalBytes = all.reduce((sum, o) => sum + o.size, 0);

  const progress = startProgress('verify', totalBytes, options.json === true);
  let checks: ObjectCheck[];
  try {
    checks = await mapConcurrent(all, options.concurrency, (object) =>
      checkObject(cos, options.bucket, object, options.allowCompacted === true, progress.add, options.maxLineBytes),
    );
  } catch (error) {
    throw explainCosError(error, options);
  } finally {
    progress.stop();
  }

  const problems: Problem[] = checks.flatMap((c) => c.problems);
  for (const [topic, partitions] of listing.topics) {
    for (const partition of partitions.keys()) {
      const ofPartition = checks.filter((c) => c.object.topic === topic && c.object.partition === partition);
      problems.push(...acrossObjects(topic, partition, ofPartition, options.allowCompacted === true));
    }
  }
  const records = checks.reduce((sum, c) => sum + c.records, 0);

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
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    for (const p of problems) process.stdout.write(`${p.kind.padEnd(9)} ${p.message}\n`);
    const where = options.topic
      ? topicPrefix(options.prefix, listing.instanceId, options.topic)
      : instancePrefix(options.prefix, listing.instanceId);
    const scope = `cos://${options.bucket}/${where}`;
    const summary = `${all.length} objects, ${formatBytes(totalBytes)}, ${records} records in ${scope}`;
    process.stdout.write(problems.length === 0 ? `OK: ${summary}\n` : `${problems.length} problem(s) in ${summary}\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

/** Gaps and overlaps between the objects of one partition, from the offsets actually read. */
function acrossObjects(topic: string, partition: number, checks: ObjectCheck[], allowGaps: boolean): Problem[] {
  const spans = checks
    .filter((c) => c.first !== undefined && c.last !== undefined)
    .map((c) => ({ key: c.object.key, first: c.first!, last: c.last! }));
  const { gaps, overlaps } = coverage(spans);
  const problems: Problem[] = [];
  if (!allowGaps) {
    for (const gap of gaps) {
      problems.push({
        kind: 'gap',
        topic,
        partition,
        key: null,
        message: `${topic}/${partition}: offsets ${formatRanges([gap])} are missing: no object holds them between ${gap.after} and ${gap.before}`,
      });
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
  return problems;
}
