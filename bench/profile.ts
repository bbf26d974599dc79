// Where the handler's time goes: one timer run of the real bundle on Node 18.15 with a CPU profile
// (the inspector's sampling profiler, as `--cpu-prof` uses), then the main thread's profile summed
// by function (self and inclusive time). gzip runs on libuv's thread pool, outside the main
// thread's profile: the difference between the process's CPU time and the main thread's busy time
// is mostly that.
//
//   node scripts/run-ts.js bench/profile.ts            # 200 MiB of 1 KiB records, 8 partitions
//   BENCH_PROFILE_MB=100 BENCH_PROFILE_RECORD=100 node scripts/run-ts.js bench/profile.ts
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { produceBulk } from '../test/support/kcat';
import { startKafkaMock } from '../test/support/kafka-mock';
import { runHandlerOnce } from './handler-run';
import { formatTable, MiB, mib, ms, num } from './table';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const volumeMiB = Number(process.env.BENCH_PROFILE_MB ?? 200);
const recordBytes = Number(process.env.BENCH_PROFILE_RECORD ?? 1024);
const partitions = Number(process.env.BENCH_PARTITIONS ?? 8);
const top = Number(process.env.BENCH_PROFILE_TOP ?? 30);

function label(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.replace(/^file:\/\//, '');
  const short = file.includes('/dist/handler/') ? 'handler' : file.startsWith('node:') ? file : path.basename(file);
  return `${name}  ${short}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
}

export function summarize(profile: CpuProfile): {
  totalMs: number;
  idleMs: number;
  self: [string, number][];
  inclusive: [string, number][];
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const stackKeys = new Map<number, string[]>();
  const keysOf = (id: number): string[] => {
    let keys = stackKeys.get(id);
    if (!keys) {
      const set = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
        set.add(label(byId.get(at)!.callFrame));
      keys = [...set];
      stackKeys.set(id, keys);
    }
    return keys;
  };
  let totalMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += dt;
    const key = label(byId.get(id)!.callFrame);
    if (key === '(idle)') idleMs += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
    for (const k of keysOf(id)) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs, idleMs, self: sorted(self), inclusive: sorted(inclusive) };
}

async function main(): Promise<void> {
  const records = Math.round((volumeMiB * MiB) / recordBytes);
  const kafka = await startKafkaMock({ brokers: 3, topics: [{ name: 'profile', partitions }] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cpuprof-'));
  try {
    await produceBulk(kafka.bootstrap, 'profile', { partitions, count: records, size: recordBytes, fill: 'text' });
    const run = await runHandlerOnce({
      kafka,
      topic: 'profile',
      runId: `profile-${Date.now()}`,
      expectedRecords: records,
      cpuProfileFile: path.join(dir, 'handler.cpuprofile'),
    });
    const file = path.join(dir, 'handler.cpuprofile');
    if (!fs.existsSync(file)) throw new Error(`no CPU profile written to ${file}`);
    const keep = process.env.BENCH_PROFILE_OUT;
    if (keep) fs.copyFileSync(file, keep);
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const s = summarize(profile);
    const busy = s.totalMs - s.idleMs;
    const pct = (v: number) => `${num((100 * v) / s.totalMs, 2)}%`;
    console.log(
      `${records} records of ${recordBytes} B (${mib(records * recordBytes)}), ${partitions} partitions, fill=text`,
    );
    console.log(
      `invocation ${ms(run.wallMs)}: ${num((records * recordBytes) / MiB / (run.wallMs / 1000))} MiB/s with the profiler on`,
    );
    console.log(
      `process CPU ${ms(run.handlerCpuMs)}; main thread profiled ${ms(s.totalMs)}, busy ${ms(busy)} (idle ${pct(s.idleMs)});`,
    );
    console.log(
      `so about ${ms(Math.max(0, run.handlerCpuMs - busy))} of CPU ran off the main thread (gzip on the thread pool, GC helpers, I/O)`,
    );
    console.log(`\nSelf time, top ${top}:\n`);
    console.log(
      formatTable(
        ['function  location', 'self', 'share'],
        s.self.slice(0, top).map(([k, v]) => [k, ms(v), pct(v)]),
      ),
    );
    console.log(`\nInclusive time, top ${top}:\n`);
    console.log(
      formatTable(
        ['function  location', 'inclusive', 'share'],
        s.inclusive.slice(0, top).map(([k, v]) => [k, ms(v), pct(v)]),
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await kafka.stop();
  }
}

main().catch((error) => {
  console.error(`profile failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
