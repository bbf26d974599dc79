// 1. Handler throughput next to kcat, and 2. the handler's peak RSS for a small and a large
// window. Each record size gets its own mock cluster (3 brokers, one topic of `partitions`
// partitions) filled once; every repetition then reads the whole topic again: kcat from the
// beginning, the handler through a fresh consumer group, key prefix and COS server. With
// `followUp`, the last handler run of that record size keeps its COS server, and further runs
// continue its backup: with no new records, then after a few new records per partition (the
// cost tables, cost.ts).
import { BUCKET } from '../test/support/backup-fixture';
import { CosServer, startCosServer } from '../test/support/cos-server';
import { produceBulk } from '../test/support/kcat';
import { KafkaMock, startKafkaMock } from '../test/support/kafka-mock';
import { HandlerRun, runHandlerOnce } from './handler-run';
import { KcatRun, runKcatOnce } from './kcat-baseline';
import { MiB, median, mib, ms, num, Row, spread } from './table';

export interface ThroughputCase {
  label: string;
  recordBytes: number;
  volumeMiB: number;
}

export interface ThroughputResult {
  case: ThroughputCase;
  records: number;
  valueBytes: number;
  produceMs: number;
  kcat: KcatRun[];
  handler: HandlerRun[];
  /** Runs that continue the last handler run's backup (same group, prefix and COS server). */
  followUps?: FollowUps;
}

export interface FollowUps {
  /** Runs with no new records since the run before: what every timer firing costs at least. */
  idle: HandlerRun[];
  /** Runs after `newPerPartition` new records were produced into each partition. */
  incremental: HandlerRun[];
  newPerPartition: number;
}

export interface WindowResult {
  volumeMiB: number;
  records: number;
  handler: HandlerRun[];
}

export interface ThroughputOptions {
  partitions: number;
  repetitions: number;
  fill: 'text' | 'random';
  log: (line: string) => void;
  onMock?: (kafka: KafkaMock) => void;
  /**
   * After the repetitions of this record size, continue the last handler run's backup: runs with
   * no new records, then runs each after `newPerPartition` new records per partition.
   */
  followUp?: { recordBytes: number; newPerPartition: number };
}

const TOPIC = 'bench';

/** produceBulk spreads records round robin: partition p gets every partitions-th record. */
function endOffsets(records: number, partitions: number): number[] {
  return Array.from(
    { length: partitions },
    (_, p) => Math.floor(records / partitions) + (p < records % partitions ? 1 : 0),
  );
}

function recordsFor(volumeMiB: number, recordBytes: number): number {
  return Math.max(1, Math.round((volumeMiB * MiB) / recordBytes));
}

async function fill(
  kafka: KafkaMock,
  topic: string,
  records: number,
  recordBytes: number,
  options: ThroughputOptions,
): Promise<number> {
  const produced = await produceBulk(kafka.bootstrap, topic, {
    partitions: options.partitions,
    count: records,
    size: recordBytes,
    fill: options.fill,
    compression: 'none',
  });
  if (produced.records !== records) throw new Error(`produced ${produced.records} of ${records} records to ${topic}`);
  return produced.elapsedMs;
}

async function repeatHandler(
  kafka: KafkaMock,
  topic: string,
  records: number,
  runs: number,
  tag: string,
  options: ThroughputOptions,
  continued?: { cos: CosServer; runId: string },
): Promise<HandlerRun[]> {
  const out: HandlerRun[] = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await runHandlerOnce({
      kafka,
      topic,
      runId: continued?.runId ?? `${tag}-${i + 1}-${Date.now()}`,
      expectedRecords: records,
      cos: continued?.cos,
    });
    options.log(
      `  handler ${tag} #${i + 1}: ${ms(run.wallMs)}, peak RSS ${mib(run.peakRssKiB * 1024)}, ${run.objects} objects, ${mib(run.storedBytes)} stored`,
    );
    out.push(run);
  }
  return out;
}

export async function runThroughput(
  cases: ThroughputCase[],
  windowMiB: number | undefined,
  options: ThroughputOptions,
): Promise<{ throughput: ThroughputResult[]; window?: WindowResult }> {
  const throughput: ThroughputResult[] = [];
  let window: WindowResult | undefined;
  for (const c of cases) {
    const records = recordsFor(c.volumeMiB, c.recordBytes);
    const kafka = await startKafkaMock({
      brokers: 3,
      topics: [TOPIC, 'window'].map((name) => ({ name, partitions: options.partitions })),
    });
    options.onMock?.(kafka);
    const followUp = options.followUp?.recordBytes === c.recordBytes ? options.followUp : undefined;
    // The last handler run writes to this server, and the follow-up runs continue its backup.
    let kept: { cos: CosServer; runId: string } | undefined;
    try {
      options.log(
        `${c.label}: producing ${records} records of ${c.recordBytes} B (${mib(records * c.recordBytes)}) into ${options.partitions} partitions`,
      );
      const produceMs = await fill(kafka, TOPIC, records, c.recordBytes, options);
      const result: ThroughputResult = {
        case: c,
        records,
        valueBytes: records * c.recordBytes,
        produceMs,
        kcat: [],
        handler: [],
      };
      for (let i = 0; i < options.repetitions; i += 1) {
        // Alternate the order so that neither side always runs on a warmer (or more fragmented) machine.
        const steps = [
          async () => {
            const k = await runKcatOnce(kafka, TOPIC, endOffsets(records, options.partitions));
            options.log(`  kcat #${i + 1}: ${ms(k.wallMs)}`);
            result.kcat.push(k);
          },
          async () => {
            const tag = `${c.recordBytes}b-r${i + 1}`;
            if (followUp && i === options.repetitions - 1) {
              kept = { cos: await startCosServer({ buckets: [BUCKET] }), runId: `${tag}-${Date.now()}` };
            }
            result.handler.push(...(await repeatHandler(kafka, TOPIC, records, 1, tag, options, kept)));
          },
        ];
        if (i % 2 === 1) steps.reverse();
        for (const step of steps) await step();
      }
      if (followUp && kept) {
        const { newPerPartition } = followUp;
        options.log(`${c.label}: ${options.repetitions} runs with no new records`);
        const idle = await repeatHandler(kafka, TOPIC, 0, options.repetitions, 'idle', options, kept);
        const incremental: HandlerRun[] = [];
        for (let i = 0; i < options.repetitions; i += 1) {
          options.log(`${c.label}: ${newPerPartition} new records per partition`);
          await fill(kafka, TOPIC, newPerPartition * options.partitions, c.recordBytes, options);
          const newRecords = newPerPartition * options.partitions;
          incremental.push(...(await repeatHandler(kafka, TOPIC, newRecords, 1, 'incremental', options, kept)));
        }
        result.followUps = { idle, incremental, newPerPartition };
      }
      throughput.push(result);

      if (windowMiB !== undefined && c.recordBytes === 1024) {
        const windowRecords = recordsFor(windowMiB, c.recordBytes);
        options.log(`${c.label}: peak RSS for a ${windowMiB} MiB window (${windowRecords} records)`);
        await fill(kafka, 'window', windowRecords, c.recordBytes, options);
        window = {
          volumeMiB: windowMiB,
          records: windowRecords,
          handler: await repeatHandler(kafka, 'window', windowRecords, options.repetitions, 'window', options),
        };
      }
    } finally {
      await kept?.cos.stop();
      await kafka.stop();
    }
  }
  return { throughput, window };
}

const rate = (bytes: number, wallMs: number) => bytes / MiB / (wallMs / 1000);

export const THROUGHPUT_HEADER: Row = [
  'records',
  'window',
  'kcat MiB/s',
  'kcat CPU s',
  'handler MiB/s',
  'handler records/s',
  'handler / kcat',
  'handler runs (s)',
  'handler CPU s',
  'broker CPU s',
  'COS server CPU s',
  'handler peak RSS',
  'stored',
];

export function throughputRows(results: ThroughputResult[]): Row[] {
  return results.map((r) => {
    const kcatRates = r.kcat.map((k) => rate(r.valueBytes, k.wallMs));
    const handlerRates = r.handler.map((h) => rate(r.valueBytes, h.wallMs));
    const kcatMedian = median(kcatRates);
    const handlerMedian = median(handlerRates);
    return [
      `${r.case.label} x ${r.records.toLocaleString('en-US')}`,
      mib(r.valueBytes),
      num(kcatMedian),
      num(median(r.kcat.map((k) => k.kcatCpuMs / 1000))),
      num(handlerMedian),
      num(median(r.handler.map((h) => r.records / (h.wallMs / 1000)))),
      num(handlerMedian / kcatMedian, 2),
      spread(r.handler.map((h) => h.wallMs / 1000)),
      num(median(r.handler.map((h) => h.handlerCpuMs / 1000))),
      num(median(r.handler.map((h) => h.brokerCpuMs / 1000))),
      num(median(r.handler.map((h) => h.cosCpuMs / 1000))),
      mib(median(r.handler.map((h) => h.peakRssKiB * 1024))),
      `${mib(median(r.handler.map((h) => h.storedBytes)))} in ${median(r.handler.map((h) => h.objects))} objects`,
    ];
  });
}

export const MEMORY_HEADER: Row = [
  'window',
  'records',
  'peak RSS (median)',
  'peak RSS runs (MiB)',
  'ratio to the small window',
  'peak V8 heap',
  'peak Buffers',
  'RSS by quarter of the run (MiB)',
];

export function memoryRows(window: WindowResult | undefined, large: ThroughputResult | undefined): Row[] {
  if (!window || !large) return [];
  const small = median(window.handler.map((h) => h.peakRssKiB * 1024));
  const big = median(large.handler.map((h) => h.peakRssKiB * 1024));
  const row = (volume: number, records: number, runs: HandlerRun[], value: number, ratio: string): Row => {
    // The quarters of the run whose peak RSS is the median one.
    const typical = [...runs].sort((a, b) => a.peakRssKiB - b.peakRssKiB)[Math.floor((runs.length - 1) / 2)];
    return [
      mib(volume),
      records.toLocaleString('en-US'),
      mib(value),
      spread(runs.map((h) => h.peakRssKiB / 1024)),
      ratio,
      mib(median(runs.map((h) => h.peakHeapTotal))),
      mib(median(runs.map((h) => h.peakArrayBuffers))),
      typical.rssByQuarter.map((b) => num(b / MiB)).join(' / '),
    ];
  };
  return [
    row(window.volumeMiB * MiB, window.records, window.handler, small, '1'),
    row(large.valueBytes, large.records, large.handler, big, num(big / small, 2)),
  ];
}
