// `npm run bench`: handler throughput next to kcat, peak memory, what a backup costs (SCF
// GB-s, COS requests, stored bytes), bundle size and cold require time, synth time. Runs
// everything once and prints one table per benchmark (with BENCH_DOC, into a Markdown file too).
//
//   BENCH_MB=1024         volume of the 1 KiB-record throughput run (MiB), also the large window
//   BENCH_SMALL_MB=200    volume of the 100 B and 100 KiB runs (MiB)
//   BENCH_WINDOW_MB=100   the small window of the memory benchmark (MiB)
//   BENCH_REPEAT=3        repetitions of every throughput and memory run
//   BENCH_PARTITIONS=8    partitions of the benchmark topics
//   BENCH_FILL=text       record values: text (compressible words) or random
//   BENCH_ONLY=throughput,bundle,synth,gzip,partitions,topics,groups   run a subset
//   BENCH_PARTITION_COUNTS=1,100,1000   partition counts of the COS-requests-per-run table
//   BENCH_RECORDS=1024,100,102400        record sizes of the throughput runs (bytes)
//   BENCH_COST_NEW=100    new records per partition in the incremental runs of the cost tables
//   BENCH_JSON=path       also write the raw samples as JSON
//   BENCH_DOC=path        also write the tables into that Markdown file, between its
//                         <!-- bench:begin --> and <!-- bench:end --> markers (bench/doc.ts)
//   BENCH_HANDLER_ENV='{"BACKUP_PART_SIZE_MIB":"4"}'   override handler variables (experiments)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KafkaMock } from '../test/support/kafka-mock';
import { BUNDLE_HEADER, bundleRows, bundleSizes, COLD_HEADER, coldRequire, coldRows } from './bundle';
import {
  COMPUTE_HEADER,
  computeRows,
  MEMORY_GB,
  requestHeader,
  requestRows,
  STORAGE_HEADER,
  storageRows,
} from './cost';
import { benchKnobs, checkResultsTarget, commitState, renderResults, Section, writeResults } from './doc';
import { benchSetting, MEMORY_MIB, TIME_LIMIT_MS } from './handler-run';
import { KCAT_SETTINGS } from './kcat-baseline';
import { machineRows } from './machine';
import { runSynth, SYNTH_HEADER, synthRows, TOPIC_SHAPES, TOPICS_HEADER, topicRows } from './synth';
import { COMPRESSION_HEADER, compressionRows, runCompression } from './compression';
import { formatTable } from './table';
import { MANY_TOPICS_HEADER, manyTopicsRows, runManyTopics } from './many-topics';
import { GROUP_COUNTS, GROUPS_HEADER, groupsRows, measureSnapshotGroups } from './snapshot-groups';
import {
  measurePartitionRequests,
  PARTITION_COUNTS,
  PARTITION_REQUESTS_HEADER,
  partitionRequestRows,
} from './partition-requests';
import { MEMORY_HEADER, memoryRows, runThroughput, THROUGHPUT_HEADER, throughputRows } from './throughput';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} must be a positive number`);
  return value;
}

const LARGE_MB = envNumber('BENCH_MB', 1024);
const SMALL_MB = envNumber('BENCH_SMALL_MB', Math.min(200, LARGE_MB));
const WINDOW_MB = envNumber('BENCH_WINDOW_MB', Math.min(100, LARGE_MB));
const REPEAT = envNumber('BENCH_REPEAT', 3);
const PARTITIONS = envNumber('BENCH_PARTITIONS', 8);
const FILL = (process.env.BENCH_FILL ?? 'text') as 'text' | 'random';
const COST_NEW = envNumber('BENCH_COST_NEW', 100);
const DOC = process.env.BENCH_DOC || undefined;
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'throughput,bundle,synth,gzip,partitions,topics,groups').split(',').map((s) => s.trim()),
);
if (FILL !== 'text' && FILL !== 'random') throw new Error(`BENCH_FILL=${FILL} must be text or random`);

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Every section printed so far, for BENCH_DOC. */
const sections: Section[] = [];

type Table = Section['tables'][number];

function section(title: string, tables: Table[], notes: string[] = []): void {
  sections.push({ title, tables, notes });
  const text = tables.map((t) => formatTable(t.header, t.rows)).join('\n\n');
  process.stdout.write(`\n## ${title}\n\n${text}\n${notes.map((n) => `  ${n}\n`).join('')}`);
}

async function main(): Promise<void> {
  if (DOC) checkResultsTarget(DOC); // fail now, not after the run
  const startedAt = new Date();
  const state = commitState();
  const loadAtStart = os.loadavg();
  const raw: Record<string, unknown> = { startedAt: startedAt.toISOString(), commit: state };
  let kafkaSeen: KafkaMock | undefined;

  if (ONLY.has('throughput')) {
    const sizes = new Set((process.env.BENCH_RECORDS ?? '1024,100,102400').split(',').map(Number));
    const cases = [
      { label: '1 KiB', recordBytes: 1024, volumeMiB: LARGE_MB },
      { label: '100 B', recordBytes: 100, volumeMiB: SMALL_MB },
      { label: '100 KiB', recordBytes: 100 * 1024, volumeMiB: SMALL_MB },
    ].filter((c) => sizes.has(c.recordBytes));
    const { throughput, window } = await runThroughput(cases, WINDOW_MB, {
      partitions: PARTITIONS,
      repetitions: REPEAT,
      fill: FILL,
      log,
      onMock: (k) => {
        kafkaSeen ??= k;
      },
      // The COS request counts follow the first record size's backup through later runs.
      followUp: cases[0] && { recordBytes: cases[0].recordBytes, newPerPartition: COST_NEW },
    });
    raw.throughput = throughput;
    raw.window = window;
    section('Machine', [{ header: ['what', 'value'], rows: machineRows(kafkaSeen, loadAtStart) }]);
    section(
      `1. Handler throughput vs kcat -C (median of ${REPEAT}; ${PARTITIONS} partitions, values fill=${FILL}, topic uncompressed)`,
      [{ header: THROUGHPUT_HEADER, rows: throughputRows(throughput) }],
      [
        'MiB/s counts record values only; times are wall clock of the whole invocation (fresh process, connect, plan, back up, commit).',
        `handler: real bundle on Node 18.15, construct defaults unless BENCH_HANDLER_ENV says otherwise (${benchSetting('maxObjectMiB')} MiB objects, ${benchSetting('partSizeMiB')} MiB parts, gzip level ${benchSetting('compressionLevel')}), memory_limit_in_mb ${MEMORY_MIB}, time limit ${TIME_LIMIT_MS / 1000} s.`,
        `kcat: one \`kcat -C -e -o beginning -f %s\` over all partitions to /dev/null, -X ${KCAT_SETTINGS.join(' -X ')}.`,
      ],
    );
    section(
      `2. Handler peak RSS, small vs large window (1 KiB records, median of ${REPEAT})`,
      [
        {
          header: MEMORY_HEADER,
          rows: memoryRows(
            window,
            throughput.find((t) => t.case.recordBytes === 1024),
          ),
        },
      ],
      ['peak RSS = getrusage maxRSS of the handler process (its VmHWM), median of the runs.'],
    );
    const followed = throughput.find((t) => t.followUps);
    section(
      `3a. SCF compute: GB-s per GiB of records (${MEMORY_MIB} MB function, median of ${REPEAT})`,
      [{ header: COMPUTE_HEADER, rows: computeRows(throughput) }],
      [
        `GB-s = ${MEMORY_GB} GB (the construct's default ${MEMORY_MIB} MB / 1024) x the invocation's wall clock in seconds, cold start included; per GiB of record values.`,
        'SCF bills resource usage as configured memory (GB) x execution duration, counted in ms with the loading of the code included (https://www.tencentcloud.com/document/product/583/12284); units only, no prices.',
        'The "then" rows continue the last first run of that record size: the same consumer group, key prefix and COS server.',
      ],
    );
    section(
      `3b. COS requests per run (${followed ? followed.case.label : 'no'} records, ${PARTITIONS} partitions, median of ${REPEAT})`,
      [{ header: requestHeader(followed), rows: requestRows(followed, PARTITIONS) }],
      [
        'Counted by the local COS server: every request the handler sent, by COS API call, failed ones and retries included.',
        "copy = PUT Object - Copy (the handler sets a multipart object's metadata with a server-side copy); LIST objects = GET Bucket; LIST uploads = List Multipart Uploads.",
      ],
    );
    section(
      `3c. Stored bytes per GiB of records (values fill=${FILL}, gzip level ${benchSetting('compressionLevel')}, median of ${REPEAT})`,
      [{ header: STORAGE_HEADER, rows: storageRows(throughput) }],
    );
  } else {
    section('Machine', [{ header: ['what', 'value'], rows: machineRows(undefined, loadAtStart) }]);
  }

  if (ONLY.has('partitions')) {
    const results = await measurePartitionRequests(PARTITION_COUNTS, log);
    raw.partitions = results;
    section(
      `3d. COS requests per run as partitions grow (${PARTITION_COUNTS.join(', ')} partitions, one invocation)`,
      [{ header: PARTITION_REQUESTS_HEADER, rows: partitionRequestRows(results) }],
      [
        'Runs in order on one topic: the first run, one with a new record per partition, an idle one, and an idle one while each partition has one watched object that is not its last (after a run that took over keys from runs that did not finish, for 75 minutes).',
        'Per partition an idle run reads its progress, its checks and its last object (3 HEADs), and per topic the marker of its snapshots (1 HEAD); a run that writes one object adds the pending-key PUT, the object, the guard and read-back HEADs and the progress PUT. LIST uploads is once per run.',
      ],
    );
  }

  if (ONLY.has('topics')) {
    const options = { topics: 50, partitions: 4, recordsPerPartition: 250, recordBytes: 1024 };
    const result = await runManyTopics(options, log);
    raw.topics = result;
    section(
      `3e. One backup for many topics (${options.topics} topics x ${options.partitions} partitions by a pattern, ${options.recordsPerPartition} records of ${options.recordBytes} B each)`,
      [{ header: MANY_TOPICS_HEADER, rows: manyTopicsRows(result) }],
      [
        `A timer run fans out ${result.partitionsPerInvocation} topic-partitions per invocation (partitionsPerInvocation's default); the fanned-out invocations run here one after another, where SCF runs them side by side.`,
        `Every record checked in the bucket exactly once: ${result.recordsInBucket.toLocaleString('en-US')}; a topic the pattern does not match has no key.`,
      ],
    );
  }

  if (ONLY.has('groups')) {
    const results = await measureSnapshotGroups(GROUP_COUNTS, log);
    raw.groups = results;
    section(
      `3f. Disaster-recovery snapshots as consumer groups grow (${GROUP_COUNTS.join(', ')} groups on one topic of 4 partitions)`,
      [{ header: GROUPS_HEADER, rows: groupsRows(results) }],
      [
        "A timer run reads every group's committed offsets (ListGroups per broker, one OffsetFetch per group, 8 at once) before it plans; the run times include starting Node 18.15 for the invocation.",
        "An idle run asks COS one HEAD more than without snapshots (the topic's marker); a run after the groups moved writes the groups snapshot and the marker (2 PUTs).",
      ],
    );
  }

  if (ONLY.has('bundle')) {
    const sizes = bundleSizes();
    const coldRuns = envNumber('BENCH_COLD_RUNS', 10);
    const cold = coldRequire(coldRuns);
    raw.bundle = { sizes, cold };
    section(`4. Bundle size and cold require (${coldRuns} interleaved pairs of processes)`, [
      { header: BUNDLE_HEADER, rows: bundleRows(sizes) },
      { header: COLD_HEADER, rows: coldRows(cold) },
    ]);
  }

  if (ONLY.has('synth')) {
    const synthRuns = envNumber('BENCH_SYNTH_RUNS', 3);
    const results = runSynth(
      [1, 10, 50].map((backups) => ({ backups, topics: 1 })),
      synthRuns,
      log,
    );
    const topics = runSynth(TOPIC_SHAPES, synthRuns, log);
    raw.synth = results;
    raw.synthTopics = topics;
    section(
      `5. Synth time (fresh process per run, median of ${synthRuns})`,
      [
        { header: SYNTH_HEADER, rows: synthRows(results) },
        { header: TOPICS_HEADER, rows: topicRows(topics) },
      ],
      [
        'Second table: one backup of many topics next to as many single-topic backups; named topics have 20-character names.',
        'resources + data sources: blocks in cdk.tf.json. A refused stack stops in the constructor, with the limits its props break.',
      ],
    );
  }

  if (ONLY.has('gzip')) {
    const samples = runCompression(64, REPEAT);
    raw.gzip = samples;
    section(
      `6. gzip level (64 MiB of 1 KiB text record lines, Node 18.15, median of ${REPEAT})`,
      [{ header: COMPRESSION_HEADER, rows: compressionRows(samples) }],
      ["compressionLevel trades the handler's CPU time (gzip dominates it) for stored bytes."],
    );
  }

  const durationS = (Date.now() - startedAt.getTime()) / 1000;
  process.stdout.write(`\nTotal benchmark time ${durationS.toFixed(0)} s.\n`);
  const jsonOut = process.env.BENCH_JSON;
  if (jsonOut) {
    fs.mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
    fs.writeFileSync(
      jsonOut,
      JSON.stringify({ ...raw, machine: machineRows(kafkaSeen, loadAtStart), host: os.hostname() }, null, 2),
    );
  }
  if (DOC) {
    const command =
      process.env.npm_lifecycle_event === 'bench' ? 'npm run bench' : 'node scripts/run-ts.js bench/index.ts';
    writeResults(DOC, renderResults(sections, { startedAt, state, durationS, knobs: benchKnobs(), command }));
    process.stdout.write(`Results written to ${DOC}.\n`);
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
