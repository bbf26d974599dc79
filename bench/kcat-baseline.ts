// The speed baseline: `kcat -C` reading the whole topic once (one librdkafka consumer, all
// partitions, from the beginning to the end of each), values written to /dev/null.
//
// Settings, beyond consumeToDevNull() in test/support/kcat.ts:
// - fetch.wait.max.ms=10 (as there): the mock holds an empty fetch for the whole wait;
// - a local queue that never fills (queued.min.messages, queued.max.messages.kbytes): with
//   librdkafka's default of 100,000 queued messages, kcat stops fetching whenever it is
//   behind and waits out a back-off, so with 100 B records it spent most of its time idle;
// - stdout to /dev/null, not to a pipe: counting 1 GiB in this process cost more than kcat.
// kcat is checked to have reached the expected end offset of every partition (its "Reached
// end of topic" lines), and its own CPU time is read with /usr/bin/time when that exists.
import { spawn } from 'child_process';
import * as fs from 'fs';
import { KafkaMock } from '../test/support/kafka-mock';
import { processCpuMs } from './handler-run';

export interface KcatRun {
  wallMs: number;
  /** kcat's user + system CPU, NaN without /usr/bin/time. */
  kcatCpuMs: number;
  brokerCpuMs: number;
}

const TIME = '/usr/bin/time';

export const KCAT_SETTINGS = [
  'fetch.wait.max.ms=10',
  'queued.min.messages=10000000',
  'queued.max.messages.kbytes=2097151',
];

/** Reads `topic` with kcat; `endOffsets` are the end offsets it must reach, by partition. */
export async function runKcatOnce(kafka: KafkaMock, topic: string, endOffsets: number[]): Promise<KcatRun> {
  const kcatArgs = [
    '-b',
    kafka.bootstrap,
    '-C',
    '-t',
    topic,
    '-e',
    '-o',
    'beginning',
    '-f',
    '%s',
    ...KCAT_SETTINGS.flatMap((s) => ['-X', s]),
  ];
  const timed = fs.existsSync(TIME);
  const [cmd, args] = timed ? [TIME, ['-f', 'BENCH_TIME %U %S', 'kcat', ...kcatArgs]] : ['kcat', kcatArgs];
  const devNull = fs.openSync('/dev/null', 'w');
  const broker0 = processCpuMs(kafka.pid);
  const t0 = process.hrtime.bigint();
  let result: { code: number | null; stderr: string };
  try {
    result = await new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', devNull, 'pipe'] });
      let err = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr: err }));
    });
  } finally {
    fs.closeSync(devNull);
  }
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const brokerCpuMs = processCpuMs(kafka.pid) - broker0;
  const { code, stderr } = result;
  if (code !== 0) throw new Error(`kcat -C ${topic} failed (exit ${code}):\n${stderr.slice(-4000)}`);
  const reached = new Map<number, number>();
  for (const m of stderr.matchAll(/Reached end of topic \S+ \[(\d+)\] at offset (\d+)/g))
    reached.set(Number(m[1]), Number(m[2]));
  endOffsets.forEach((end, partition) => {
    if (reached.get(partition) !== end) {
      throw new Error(
        `kcat stopped ${topic}/${partition} at offset ${reached.get(partition)}, expected ${end}:\n${stderr.slice(-2000)}`,
      );
    }
  });
  const m = /BENCH_TIME ([\d.]+) ([\d.]+)/.exec(stderr);
  return { wallMs, kcatCpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, brokerCpuMs };
}
