/**
 * `npm run bench`: handler throughput next to kcat, peak memory, bundle size and cold
 * require time, synth time. Runs everything once and prints one table per benchmark.
 *
 *   BENCH_MB=1024         volume of the 1 KiB-record throughput run (MiB), also the large window
 *   BENCH_SMALL_MB=200    volume of the 100 B and 100 KiB runs (MiB)
 *   BENCH_WINDOW_MB=100   the small window of the memory benchmark (MiB)
 *   BENCH_REPEAT=3        repetitions of every throughput and memory run
 *   BENCH_PARTITIONS=8    partitions of the benchmark topics
 *   BENCH_FILL=text       record values: text (compressible words) or random
 *   BENCH_ONLY=throughput,bundle,synth   run a subset
 *   BENCH_RECORDS=1024,100,102400        record sizes of the throughput runs (bytes)
 *   BENCH_JSON=path       also write the raw samples as JSON
 *   BENCH_HANDLER_ENV='{"BACKUP_PART_SIZE_MIB":"4"}'   override handler variables (experiments)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KafkaMock } from '../test/support/kafka-mock';
import { BUNDLE_HEADER, bundleRows, bundleSizes, COLD_HEADER, coldRequire, coldRows } from './bundle';
import { MEMORY_MIB, TIME_LIMIT_MS } from './handler-run';
import { KCAT_SETTINGS } from './kcat-baseline';
import { machineRows } from './machine';
import { runSynth, SYNTH_HEADER, synthRows } from './synth';
import { formatTable, Row } from './table';
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
const ONLY = new Set((process.env.BENCH_ONLY ?? 'throughput,bundle,synth').split(',').map((s) => s.trim()));
if (FILL !== 'text' && FILL !== 'random') throw new Error(`BENCH_FILL=${FILL} must be text or random`);

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

function section(title: string, header: Row, rows: Row[], notes: string[] = []): void {
  process.stdout.write(`\n## ${title}\n\n${formatTable(header, rows)}\n${notes.map((n) => `  ${n}\n`).join('')}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = os.loadavg();
  const raw: Record<string, unknown> = { startedAt: new Date().toISOString() };
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
    });
    raw.throughput = throughput;
    raw.window = window;
    section('Machine', ['what', 'value'], machineRows(kafkaSeen, loadAtStart));
    section(
      `1. Handler throughput vs kcat -C (median of ${REPEAT}; ${PARTITIONS} partitions, values fill=${FILL}, topic uncompressed)`,
      THROUGHPUT_HEADER,
      throughputRows(throughput),
      [
        'MiB/s counts record values only; times are wall clock of the whole invocation (fresh process, connect, plan, back up, commit).',
        `handler: real bundle on Node 18.15, construct defaults (256 MiB objects, 8 MiB parts), memory_limit_in_mb ${MEMORY_MIB}, time limit ${TIME_LIMIT_MS / 1000} s.`,
        `kcat: one \`kcat -C -e -o beginning -f %s\` over all partitions to /dev/null, -X ${KCAT_SETTINGS.join(' -X ')}.`,
      ],
    );
    section(
      '2. Handler peak RSS, small vs large window (1 KiB records)',
      MEMORY_HEADER,
      memoryRows(
        window,
        throughput.find((t) => t.case.recordBytes === 1024),
      ),
      ['peak RSS = getrusage maxRSS of the handler process (its VmHWM), median of the runs.'],
    );
  } else {
    section('Machine', ['what', 'value'], machineRows(undefined, loadAtStart));
  }

  if (ONLY.has('bundle')) {
    const sizes = bundleSizes();
    const cold = coldRequire(envNumber('BENCH_COLD_RUNS', 10));
    raw.bundle = { sizes, cold };
    section('3. Bundle size and cold require', BUNDLE_HEADER, bundleRows(sizes));
    process.stdout.write('\n');
    process.stdout.write(`${formatTable(COLD_HEADER, coldRows(cold))}\n`);
  }

  if (ONLY.has('synth')) {
    const results = runSynth([1, 10, 50], envNumber('BENCH_SYNTH_RUNS', 3), log);
    raw.synth = results;
    section('4. Synth time (fresh process per run, median of 3)', SYNTH_HEADER, synthRows(results));
  }

  process.stdout.write(`\nTotal benchmark time ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
  const jsonOut = process.env.BENCH_JSON;
  if (jsonOut) {
    fs.mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
    fs.writeFileSync(
      jsonOut,
      JSON.stringify({ ...raw, machine: machineRows(kafkaSeen, loadAtStart), host: os.hostname() }, null, 2),
    );
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
