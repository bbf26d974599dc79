// One timer run of the real handler bundle on SCF's Node.js 18.15, against the loopback Kafka
// mock and a fresh local COS server, with the handler process's peak RSS and CPU time (read by
// process-probe.js inside it), and the CPU the broker and the COS server spent meanwhile.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SETTINGS } from '../contract/settings';
import { FUNCTION_DEFAULTS } from '../lib/function-defaults';
import { handlerEnvironment } from '../lib/handler-settings';
import { BUCKET, INSTANCE } from '../test/support/backup-fixture';
import { CosServer, startCosServer } from '../test/support/cos-server';
import { KafkaMock } from '../test/support/kafka-mock';
import { REPO_ROOT } from '../test/support/repo-root';
import { invokeHandler } from '../test/support/scf-runtime';
import { countRequests, RequestCounts } from './cos-requests';

const PROBE = path.join(REPO_ROOT, 'bench', 'process-probe.js');

/** SCF's largest timeout: the benchmark must measure speed, not the time budget. */
export const TIME_LIMIT_MS = 900_000;
/** The function's memory as the construct configures it by default (also what SCF bills by). */
export const MEMORY_MIB = FUNCTION_DEFAULTS.memoryMiB;

export interface HandlerRun {
  wallMs: number;
  records: number;
  objects: number;
  /** Compressed bytes written to COS. */
  storedBytes: number;
  /** Everything under the run's key prefix after the run (objects and the handler's `_state/`). */
  prefixObjects: number;
  prefixBytes: number;
  /** The COS requests the run sent, by kind (retries included). */
  requests: RequestCounts;
  /** The handler's own run-started to run-finished time. */
  runMs: number;
  peakRssKiB: number;
  /** Peaks of process.memoryUsage() sampled every 200 ms inside the handler, bytes. */
  peakHeapTotal: number;
  peakArrayBuffers: number;
  /** Highest sampled RSS in each quarter of the run, bytes: growth or a plateau. */
  rssByQuarter: number[];
  handlerCpuMs: number;
  brokerCpuMs: number;
  /** The benchmark process, which hosts the COS server (s3rver and its proxy). */
  cosCpuMs: number;
}

export interface HandlerRunOptions {
  kafka: KafkaMock;
  topic: string;
  /**
   * A new consumer group (so the run starts at offset 0) and key prefix for a new id; a later
   * run with the same id and COS server continues that backup.
   */
  runId: string;
  expectedRecords: number;
  /** The COS server to write to, left running; without it the run gets a fresh one, stopped after it. */
  cos?: CosServer;
  /** Writes a CPU profile of the handler's main thread to this file (see process-probe.js). */
  cpuProfileFile?: string;
}

/** Clock ticks per second for /proc/<pid>/stat. */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU of another process so far, in ms (0 when /proc is unavailable). */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** The environment the construct sets with its defaults, pointed at the local peers. */
export function constructEnvironment(
  kafka: Pick<KafkaMock, 'brokers'>,
  topic: string,
  runId: string,
  cosEndpoint: string,
): Record<string, string> {
  const env = handlerEnvironment({
    functionName: 'bench-backup',
    bucket: { name: BUCKET, region: 'ap-guangzhou' },
    prefix: `bench/${runId}/`,
    kafka: { instanceId: INSTANCE, topic, bootstrapServers: kafka.brokers, consumerGroup: `bench-${runId}` },
    vpc: { vpcId: 'vpc-bench', subnetId: 'subnet-bench' },
  });
  // BENCH_HANDLER_ENV='{"BACKUP_PART_SIZE_MIB":"4"}' tries other settings.
  const extra = JSON.parse(process.env.BENCH_HANDLER_ENV ?? '{}') as Record<string, string>;
  return { ...env, BACKUP_COS_ENDPOINT: cosEndpoint, ...extra };
}

/** A setting as the benchmark's handler runs get it: construct default, or BENCH_HANDLER_ENV's value. */
export function benchSetting(name: 'maxObjectMiB' | 'partSizeMiB' | 'compressionLevel'): string {
  const { env, default: fallback } = SETTINGS[name];
  const value = constructEnvironment({ brokers: ['127.0.0.1:9092'] }, 'bench', 'settings', 'http://127.0.0.1')[env];
  return value ?? String(fallback);
}

function quarters(timeline: [number, number, number, number][]): number[] {
  const end = timeline.length > 0 ? timeline[timeline.length - 1][0] : 0;
  const out = [0, 0, 0, 0];
  for (const [t, rss] of timeline) {
    const q = Math.min(3, Math.floor((4 * t) / Math.max(1, end)));
    out[q] = Math.max(out[q], rss);
  }
  return out;
}

export async function runHandlerOnce(options: HandlerRunOptions): Promise<HandlerRun> {
  const { kafka, topic, runId } = options;
  const cos = options.cos ?? (await startCosServer({ buckets: [BUCKET] }));
  const probeFile = path.join(os.tmpdir(), `bench-probe-${process.pid}-${runId}.json`);
  fs.rmSync(probeFile, { force: true });
  try {
    const env = {
      ...constructEnvironment(kafka, topic, runId, cos.endpoint),
      NODE_OPTIONS: `--require=${PROBE}`,
      BENCH_PROBE_FILE: probeFile,
      ...(options.cpuProfileFile ? { BENCH_CPU_PROFILE: options.cpuProfileFile } : {}),
    };
    // The timer's Time lies past the run, so the run is bounded by the time limit alone, not
    // by the next firing of a 5-minute timer (which may be seconds away when the run starts).
    const event = {
      Type: 'Timer',
      TriggerName: 'backup-timer',
      Time: new Date(Date.now() + 20 * 60_000).toISOString(),
      Message: '',
    };
    const context = {
      function_name: 'bench-backup',
      memory_limit_in_mb: MEMORY_MIB,
      time_limit_in_ms: TIME_LIMIT_MS,
      request_id: `bench-${runId}`,
    };

    const requestsBefore = cos.requests.length;
    const broker0 = processCpuMs(kafka.pid);
    const self0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const invocation = await invokeHandler(event, { env, context, timeoutMs: TIME_LIMIT_MS + 60_000 });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const self = process.cpuUsage(self0);
    const brokerCpuMs = processCpuMs(kafka.pid) - broker0;
    const requests = countRequests(cos.requests.slice(requestsBefore));

    if (!invocation.ok) {
      throw new Error(`handler run ${runId} failed: ${invocation.error ?? ''}\n${invocation.stderr.slice(-4000)}`);
    }
    const result = invocation.result as {
      records: number;
      objects: number;
      bytes: number;
      partitions: { next: number; until: number }[];
    };
    const behind = result.partitions.filter((p) => p.next < p.until);
    if (result.records !== options.expectedRecords || behind.length > 0) {
      throw new Error(
        `handler run ${runId} backed up ${result.records} of ${options.expectedRecords} records (${behind.length} partitions behind)`,
      );
    }
    const finished = invocation.logs.find((l) => l.event === 'run-finished');
    const underPrefix = await cos.listObjects(BUCKET, env.BACKUP_PREFIX);
    const probe = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as {
      maxRssKiB: number;
      vmHwmKiB: number | null;
      userCpuMs: number;
      systemCpuMs: number;
      peaks: { heapTotal: number; arrayBuffers: number };
      timeline: [number, number, number, number][];
    };
    return {
      wallMs,
      records: result.records,
      objects: result.objects,
      storedBytes: result.bytes,
      prefixObjects: underPrefix.length,
      prefixBytes: underPrefix.reduce((sum, o) => sum + o.size, 0),
      requests,
      runMs: Number(finished?.durationMs ?? NaN),
      peakRssKiB: Math.max(probe.maxRssKiB, probe.vmHwmKiB ?? 0),
      peakHeapTotal: probe.peaks.heapTotal,
      peakArrayBuffers: probe.peaks.arrayBuffers,
      rssByQuarter: quarters(probe.timeline),
      handlerCpuMs: probe.userCpuMs + probe.systemCpuMs,
      brokerCpuMs,
      cosCpuMs: (self.user + self.system) / 1000,
    };
  } finally {
    fs.rmSync(probeFile, { force: true });
    if (!options.cos) await cos.stop(); // also deletes the server's temp directory with the stored objects
  }
}
