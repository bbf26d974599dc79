// Kafka client comparison for the README's "Kafka client" decision: our reader (clients/kafka)
// against the kafkajs 2.2.4 consumer, @platformatic/kafka (2.x and 1.x) and kcat, on the same data,
// machine and run, against the loopback mock cluster (3 brokers, one topic of 8 partitions per
// codec).
//
// Setup (once; nothing is installed into the repo):
//   bash bench/kafka-clients/setup.sh          # scratch install in /tmp/kafka-clients:
//                                              #   kafkajs 2.2.4, kafkajs-snappy, kafkajs-lz4 (native lz4),
//                                              #   @platformatic/kafka 2.x and 1.x (npm alias), Node 22
//   bash tools/scf-node/fetch.sh               # SCF's Node 18.15 in .build/scf-node
// Run:
//   node scripts/run-ts.js bench/kafka-clients/compare.ts [--records 200000] [--reps 3] [--json out.json]
//   node scripts/run-ts.js bench/kafka-clients/compare.ts --bundles-only   # bundle sizes alone, no broker
// Environment: KAFKA_CLIENTS_SCRATCH (default /tmp/kafka-clients), BENCH_ONLY (regexp over the
// configuration labels, e.g. 'ours|kcat').
//
// Each measurement is a fresh worker process (worker-*.ts, bundled here with esbuild into the
// scratch directory) on the Node version it names; the rounds are interleaved and the median of the
// repetitions is reported. Time runs from before the client is created (connect and, for the
// consumers, the group join included) to the last record of the last partition; "after 1st" leaves
// out the time to the first record (for the consumers, mostly the broker's 3 s
// group.initial.rebalance.delay.ms on a new group). The ceiling is kcat through
// test/support/kcat.ts consumeToDevNull (values piped into Node and counted); a second kcat row
// writes straight to /dev/null. The machine's load average is printed: other work on a 2-core
// machine moves single runs by 2x, compare rows of the same run only. A probe phase first reads one
// record with ordered, repeated headers per codec to record what each client and runtime can read
// and how it exposes headers. Last, the bundle size of each client (esbuild, node18.15, minified,
// cjs) and whether it is one self-contained file.
import { spawn, execFileSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KafkaClient } from '../../clients/kafka';
import { startKafkaMock, type KafkaMock } from '../../test/support/kafka-mock';
import { consumeToDevNull, produce, produceBulk, type Compression } from '../../test/support/kcat';
import type { Job, Result } from './worker-common';

const ROOT = path.resolve(__dirname, '..', '..');
const HERE = path.join(ROOT, 'bench', 'kafka-clients');
const SCRATCH = process.env.KAFKA_CLIENTS_SCRATCH ?? '/tmp/kafka-clients';
const BUILD = path.join(SCRATCH, 'build');
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const RECORDS = Number(arg('records', '200000'));
const REPS = Number(arg('reps', '3'));
const JSON_OUT = arg('json', '');
const PARTITIONS = 8;
const SIZE = 1024;
const BENCH_CODECS: Compression[] = ['none', 'lz4'];
const PROBE_CODECS: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const PROBE_HEADERS: [string, string][] = [
  ['a', '1'],
  ['b', '2'],
  ['a', '3'],
];

// ---------------------------------------------------------------------------------------------
// Runtimes and workers

interface Runtime {
  name: string;
  bin: string;
}

function runtimes(): Runtime[] {
  const list: Runtime[] = [];
  try {
    const bin = execFileSync('bash', [path.join(ROOT, 'tools', 'scf-node', 'fetch.sh')], { encoding: 'utf8' }).trim();
    list.push({ name: 'node18.15', bin });
  } catch {
    console.error('no Node 18.15 (tools/scf-node/fetch.sh failed): skipping the SCF runtime');
  }
  list.push({ name: `node${process.versions.node.split('.')[0]}`, bin: process.execPath });
  const node22 = path.join(SCRATCH, 'node22', 'node');
  if (fs.existsSync(node22)) list.push({ name: 'node22', bin: node22 });
  else console.error(`no ${node22} (run bench/kafka-clients/setup.sh): skipping Node 22`);
  return list;
}

type ClientName = 'ours' | 'kafkajs' | 'platformatic2' | 'platformatic2-bundled' | 'platformatic1';

interface Config {
  client: ClientName;
  variant?: string;
  runtime: Runtime;
  label: string;
}

async function buildWorkers(): Promise<Record<ClientName, string>> {
  fs.mkdirSync(BUILD, { recursive: true });
  const common: esbuild.BuildOptions = { bundle: true, platform: 'node', logLevel: 'error', sourcemap: false };
  const out = {
    ours: path.join(BUILD, 'worker-ours.js'),
    kafkajs: path.join(BUILD, 'worker-kafkajs.js'),
    platformatic2: path.join(BUILD, 'worker-platformatic2.mjs'),
    platformatic1: path.join(BUILD, 'worker-platformatic1.mjs'),
    // Outside the scratch directory, so that it can resolve nothing from node_modules.
    'platformatic2-bundled': path.join(`${SCRATCH}-bundled`, 'worker-platformatic2-bundled.js'),
  };
  // Ours: one self-contained file, as the handler ships.
  await esbuild.build({
    ...common,
    entryPoints: [path.join(HERE, 'worker-ours.ts')],
    outfile: out.ours,
    format: 'cjs',
    target: 'node18.15',
  });
  // kafkajs bundled from the repo's kafkajs 2.2.4; the codec packages load from the scratch install.
  await esbuild.build({
    ...common,
    entryPoints: [path.join(HERE, 'worker-kafkajs.ts')],
    outfile: out.kafkajs,
    format: 'cjs',
    target: 'node18.15',
    external: ['kafkajs-snappy', 'kafkajs-lz4'],
  });
  // @platformatic/kafka is ESM and loads a .wasm next to its module: run it as installed.
  for (const [name, pkg] of [
    ['platformatic2', '@platformatic/kafka'],
    ['platformatic1', 'platformatic-kafka-1'],
  ] as const) {
    await esbuild.build({
      ...common,
      entryPoints: [path.join(HERE, 'worker-platformatic.ts')],
      outfile: out[name],
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: { '@platformatic/kafka': pkg },
    });
  }
  // @platformatic/kafka 2.x as one cjs file, with the two tweaks it needs (see PLATFORMATIC_ONE_FILE).
  await esbuild.build({
    ...common,
    ...PLATFORMATIC_ONE_FILE,
    entryPoints: [path.join(HERE, 'worker-platformatic.ts')],
    outfile: out['platformatic2-bundled'],
    nodePaths: [path.join(SCRATCH, 'node_modules')],
    format: 'cjs',
    target: 'node22',
  });
  return out;
}

/**
 * What @platformatic/kafka needs to load from a single cjs file: its wasm-utils reads
 * native.wasm next to the module (the package's ./bundled entry inlines it instead), and its
 * schema-registry module calls createRequire(import.meta.url) at load time (empty in cjs).
 */
const PLATFORMATIC_ONE_FILE: esbuild.BuildOptions = {
  alias: {
    '@platformatic/wasm-utils': path.join(SCRATCH, 'node_modules', '@platformatic', 'wasm-utils', 'dist', 'bundled.js'),
  },
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "var __import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

interface RunOutcome {
  ok: boolean;
  result?: Result;
  error?: string;
}

function runWorker(file: string, runtime: Runtime, job: Job): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const child = spawn(runtime.bin, [file, JSON.stringify(job)], { cwd: BUILD, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8192)));
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve({ ok: true, result: JSON.parse(line) as Result });
      else resolve({ ok: false, error: firstErrorLine(stderr) || `exit ${code}` });
    });
  });
}

function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const hit =
    lines.find((l) => /^(\w*Error|Error)( \[\w+\])?:/.test(l)) ??
    lines.find((l) => /Error|error:|not supported|Unsupported|timed out|was compiled/.test(l));
  return (hit ?? lines.find(Boolean) ?? '').slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Data

interface TopicInfo {
  name: string;
  codec: Compression;
  partitions: number[];
  highWatermarks: Record<string, number>;
}

async function highWatermarks(bootstrap: string, topic: string, partitions: number[]): Promise<Record<string, number>> {
  const client = new KafkaClient({ brokers: bootstrap.split(','), clientId: 'bench-setup', log: () => undefined });
  await client.connect();
  try {
    return Object.fromEntries(await client.highWatermarks(topic, partitions));
  } finally {
    await client.close();
  }
}

/** The ceiling: test/support/kcat.ts consumeToDevNull (kcat's values piped into this process and counted). */
const KCAT = 'kcat -C (consumeToDevNull)';
/** The same kcat command with its stdout on /dev/null itself: no pipe, no counting. */
const KCAT_RAW = 'kcat -C >/dev/null (no pipe)';

function kcatRaw(bootstrap: string, topic: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const devNull = fs.openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const args = [
      '-b',
      bootstrap,
      '-C',
      '-t',
      topic,
      '-e',
      '-o',
      'beginning',
      '-q',
      '-f',
      '%s',
      '-X',
      'fetch.wait.max.ms=10',
    ];
    const child = spawn('kcat', args, { stdio: ['ignore', devNull, 'ignore'] });
    child.on('error', reject);
    child.on('close', (code) => {
      fs.closeSync(devNull);
      if (code === 0) resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      else reject(new Error(`kcat exited ${code}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Bundle sizes

interface BundleInfo {
  label: string;
  bytes?: number;
  /** Loaded and constructed its client from an empty directory (no node_modules) on `runtime`. */
  loads: boolean | null;
  runtime?: string;
  notes: string[];
}

interface BundleEntry {
  label: string;
  contents: string;
  resolveDir: string;
  /** Runs after the bundle is required as `m`: constructs the client without connecting. */
  smoke: string;
  runtime?: Runtime;
  extra?: esbuild.BuildOptions;
}

function runNode(bin: string, cwd: string, script: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, ['-e', script], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

async function bundleSize(entry: BundleEntry): Promise<BundleInfo> {
  const dir = path.join(BUILD, 'size', entry.label.replace(/[^a-z0-9]+/gi, '_'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'bundle.js');
  const notes: string[] = [];
  try {
    const result = await esbuild.build({
      stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'ts' },
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18.15',
      format: 'cjs',
      minify: true,
      keepNames: true,
      legalComments: 'none',
      logLevel: 'silent',
      ...entry.extra,
    });
    for (const w of result.warnings) notes.push(`esbuild warning: ${w.text.split('\n')[0]}`);
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    const first = failure.errors?.[0];
    const where = first?.location ? ` in ${path.relative(SCRATCH, first.location.file)}` : '';
    return {
      label: entry.label,
      loads: false,
      notes: [`esbuild fails: ${first ? first.text + where : String(error)}`],
    };
  }
  const bytes = fs.statSync(outfile).size;
  if (!entry.runtime) return { label: entry.label, bytes, loads: null, notes };
  // Load it where no node_modules can be found (the scratch dir is not an ancestor).
  const isolated = fs.mkdtempSync(path.join('/tmp', 'bundle-load-'));
  fs.copyFileSync(outfile, path.join(isolated, 'bundle.js'));
  const run = await runNode(
    entry.runtime.bin,
    isolated,
    `const m = require('./bundle.js'); ${entry.smoke}; process.exit(0)`,
  );
  fs.rmSync(isolated, { recursive: true, force: true });
  if (run.code !== 0) notes.push(`load fails: ${firstErrorLine(run.stderr)}`);
  return { label: entry.label, bytes, loads: run.code === 0, runtime: entry.runtime.name, notes };
}

async function bundleSizes(rts: Runtime[]): Promise<BundleInfo[]> {
  const scf = rts.find((r) => r.name === 'node18.15') ?? rts[0];
  const node22 = rts.find((r) => r.name === 'node22');
  const kafkajsSmoke = `new m.Kafka({ brokers: ['127.0.0.1:1'], clientId: 'x' })`;
  const platformaticSmoke = `new m.Consumer({ groupId: 'g', clientId: 'x', bootstrapBrokers: ['127.0.0.1:1'] })`;
  const entries: BundleEntry[] = [
    {
      label: 'ours (clients/kafka, all codecs)',
      contents: `export { KafkaClient } from './clients/kafka'`,
      resolveDir: ROOT,
      smoke: `new m.KafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'x', log: () => {} })`,
      runtime: scf,
    },
    {
      label: 'kafkajs 2.2.4 (gzip only)',
      contents: `export { Kafka } from 'kafkajs'`,
      resolveDir: SCRATCH,
      smoke: kafkajsSmoke,
      runtime: scf,
    },
    {
      label: 'kafkajs + kafkajs-snappy',
      contents: `export { Kafka } from 'kafkajs'; export { default as S } from 'kafkajs-snappy'`,
      resolveDir: SCRATCH,
      smoke: kafkajsSmoke,
      runtime: scf,
    },
    {
      label: 'kafkajs + kafkajs-snappy + kafkajs-lz4',
      contents: `export { Kafka } from 'kafkajs'; export { default as S } from 'kafkajs-snappy'; export { default as L } from 'kafkajs-lz4'`,
      resolveDir: SCRATCH,
      smoke: kafkajsSmoke,
      runtime: scf,
    },
    {
      label: '@platformatic/kafka 2.12.1',
      contents: `export { Consumer } from '@platformatic/kafka'`,
      resolveDir: SCRATCH,
      smoke: platformaticSmoke,
      runtime: node22,
    },
    {
      label: '@platformatic/kafka 2.12.1 + wasm-utils/bundled + import.meta.url shim',
      contents: `export { Consumer } from '@platformatic/kafka'`,
      resolveDir: SCRATCH,
      smoke: platformaticSmoke,
      runtime: node22,
      extra: PLATFORMATIC_ONE_FILE,
    },
    {
      label: '@platformatic/kafka 2.12.1 + the same, on SCF Node 18.15',
      contents: `export { Consumer } from '@platformatic/kafka'`,
      resolveDir: SCRATCH,
      smoke: platformaticSmoke,
      runtime: scf,
      extra: PLATFORMATIC_ONE_FILE,
    },
    {
      label: '@platformatic/kafka 1.35.0 + wasm-utils/bundled + import.meta.url shim',
      contents: `export { Consumer } from 'platformatic-kafka-1'`,
      resolveDir: SCRATCH,
      smoke: platformaticSmoke,
      runtime: scf,
      extra: PLATFORMATIC_ONE_FILE,
    },
  ];
  const out: BundleInfo[] = [];
  for (const entry of entries) out.push(await bundleSize(entry));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Main

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function clientNodes(rts: Runtime[]): Config[] {
  const configs: Config[] = [];
  for (const runtime of rts) {
    configs.push({ client: 'ours', runtime, label: `ours @${runtime.name}` });
    configs.push({ client: 'kafkajs', variant: 'builtin', runtime, label: `kafkajs @${runtime.name}` });
    configs.push({
      client: 'kafkajs',
      variant: 'packages',
      runtime,
      label: `kafkajs+kafkajs-snappy/lz4 @${runtime.name}`,
    });
    configs.push({
      client: 'kafkajs',
      variant: 'purejs',
      runtime,
      label: `kafkajs+our pure-JS codecs @${runtime.name}`,
    });
    configs.push({ client: 'platformatic2', runtime, label: `@platformatic/kafka 2.12 @${runtime.name}` });
    if (runtime.name === 'node22') {
      configs.push({
        client: 'platformatic2-bundled',
        runtime,
        label: `@platformatic/kafka 2.12 one-file bundle @${runtime.name}`,
      });
    }
    configs.push({ client: 'platformatic1', runtime, label: `@platformatic/kafka 1.35 @${runtime.name}` });
  }
  return configs.filter((c) => !ONLY || ONLY.test(c.label));
}

async function printBundles(rts: Runtime[]): Promise<BundleInfo[]> {
  const sizes = await bundleSizes(rts);
  console.log('\n## Bundle size: esbuild, node18.15, cjs, minified; then loaded alone from an empty directory\n');
  console.log('| client | KiB | loads as one file | notes |');
  console.log('| --- | ---: | --- | --- |');
  for (const b of sizes) {
    const loads = b.loads === null ? 'not tried' : `${b.loads ? 'yes' : 'no'}${b.runtime ? ` (${b.runtime})` : ''}`;
    console.log(
      `| ${b.label} | ${b.bytes === undefined ? '-' : (b.bytes / 1024).toFixed(0)} | ${loads} | ${b.notes.join('; ')} |`,
    );
  }
  return sizes;
}

async function main(): Promise<void> {
  const rts = runtimes();
  if (process.argv.includes('--bundles-only')) {
    fs.mkdirSync(BUILD, { recursive: true });
    await printBundles(rts);
    return;
  }
  const workers = await buildWorkers();
  const configs = clientNodes(rts);

  const mock: KafkaMock = await startKafkaMock({
    brokers: 3,
    topics: [
      ...BENCH_CODECS.map((codec) => ({ name: `bench-${codec}`, partitions: PARTITIONS })),
      ...PROBE_CODECS.map((codec) => ({ name: `probe-${codec}`, partitions: 1 })),
    ],
  });
  console.log(`mock: librdkafka ${mock.librdkafkaVersion} (${mock.flavour}), ${mock.bootstrap}`);
  // The mock announces JoinGroup v6, SyncGroup v4, Heartbeat v4 and LeaveGroup v4 (the flexible
  // versions) but parses their bodies as non-flexible (it reads ProtocolCnt of JoinGroup v6 as
  // an int32, not a compact array): librdkafka's own consumer never sends them, kafkajs stays
  // below them, @platformatic/kafka picks the highest and gets disconnected. Cap them at the
  // last non-flexible version; neither our reader nor kafkajs is affected.
  for (const [apiKey, max] of [
    [11, 5],
    [14, 3],
    [12, 3],
    [13, 3],
  ]) {
    await mock.command(`apiversion ${apiKey} 0 ${max}`);
  }
  try {
    // Data: one bulk topic per benchmarked codec, one single-record probe topic per codec.
    const topics: Record<string, TopicInfo> = {};
    const all = Array.from({ length: PARTITIONS }, (_, i) => i);
    for (const codec of BENCH_CODECS) {
      const name = `bench-${codec}`;
      const bulk = await produceBulk(mock.bootstrap, name, {
        partitions: PARTITIONS,
        count: RECORDS,
        size: SIZE,
        compression: codec,
        fill: 'text',
      });
      topics[name] = { name, codec, partitions: all, highWatermarks: await highWatermarks(mock.bootstrap, name, all) };
      console.log(`produced ${bulk.records} x ${SIZE} B (${codec}) in ${(bulk.elapsedMs / 1000).toFixed(1)} s`);
    }
    for (const codec of PROBE_CODECS) {
      const name = `probe-${codec}`;
      // A compressible value: librdkafka stores a batch uncompressed when compression does not shrink it.
      const value = Buffer.from('probe '.repeat(200));
      await produce(
        mock.bootstrap,
        name,
        [{ partition: 0, timestamp: 1000, key: null, value, headers: PROBE_HEADERS }],
        { compression: codec },
      );
      topics[name] = { name, codec, partitions: [0], highWatermarks: { 0: 1 } };
    }
    const job = (config: Config, topic: TopicInfo, mode: Job['mode'], tag: string, timeoutMs?: number): Job => ({
      bootstrap: mock.bootstrap,
      topic: topic.name,
      partitions: topic.partitions,
      highWatermarks: topic.highWatermarks,
      groupId: `bench-${config.client}-${config.variant ?? ''}-${config.runtime.name}-${topic.name}-${tag}-${Date.now()}`,
      mode,
      variant: config.variant,
      timeoutMs,
    });

    // Probes: which client/runtime reads which codec, and the headers as exposed.
    const probes = new Map<string, Map<Compression, RunOutcome>>();
    for (const config of configs) {
      const row = new Map<Compression, RunOutcome>();
      for (const codec of PROBE_CODECS) {
        row.set(
          codec,
          await runWorker(
            workers[config.client],
            config.runtime,
            job(config, topics[`probe-${codec}`], 'headers', 'probe', 20_000),
          ),
        );
      }
      probes.set(config.label, row);
    }
    console.log('\n## Probes: one record with headers a=1, b=2, a=3 per codec\n');
    console.log(`| client @ runtime | ${PROBE_CODECS.join(' | ')} |`);
    console.log(`| --- |${PROBE_CODECS.map(() => ' --- |').join('')}`);
    const errors = new Map<string, string>();
    for (const [label, row] of probes) {
      const cells = PROBE_CODECS.map((codec) => {
        const o = row.get(codec) as RunOutcome;
        if (o.ok) return 'yes';
        const key = o.error ?? '?';
        if (!errors.has(key)) errors.set(key, `E${errors.size + 1}`);
        return `no (${errors.get(key)})`;
      });
      console.log(`| ${label} | ${cells.join(' | ')} |`);
    }
    for (const [message, id] of errors) console.log(`- ${id}: ${message}`);
    console.log('\nHeaders as exposed (uncompressed probe):');
    for (const [label, row] of probes) {
      const o = row.get('none') as RunOutcome;
      if (o.ok) console.log(`- ${label}: ${JSON.stringify(o.result?.headers)}`);
    }

    // Throughput: every configuration that read the codec's probe; for uncompressed data the
    // kafkajs codec variants are the same client, so only the builtin one runs.
    type Cell = { label: string; codec: Compression; runs: Result[]; error?: string };
    const cells: Cell[] = [];
    for (const codec of BENCH_CODECS) {
      for (const config of configs) {
        if (!probes.get(config.label)?.get(codec)?.ok) continue;
        if (codec === 'none' && config.client === 'kafkajs' && config.variant !== 'builtin') continue;
        if (codec !== 'none' && config.client === 'kafkajs' && config.variant === 'builtin') continue;
        cells.push({ label: config.label, codec, runs: [] });
      }
      if (!ONLY || ONLY.test('kcat')) {
        cells.push({ label: KCAT, codec, runs: [] });
        cells.push({ label: KCAT_RAW, codec, runs: [] });
      }
    }
    // Other work on the machine skews single runs: record the load next to each measurement.
    const loads: number[] = [];
    for (let rep = 1; rep <= REPS; rep++) {
      for (const cell of cells) {
        if (cell.error) continue;
        const topic = topics[`bench-${cell.codec}`];
        let outcome: RunOutcome;
        loads.push(os.loadavg()[0]);
        if (cell.label === KCAT) {
          const r = await consumeToDevNull(mock.bootstrap, topic.name);
          outcome = {
            ok: true,
            result: { records: RECORDS, valueBytes: r.bytes, totalMs: r.elapsedMs, firstRecordMs: NaN, node: '' },
          };
        } else if (cell.label === KCAT_RAW) {
          const ms = await kcatRaw(mock.bootstrap, topic.name);
          outcome = {
            ok: true,
            result: { records: RECORDS, valueBytes: RECORDS * SIZE, totalMs: ms, firstRecordMs: NaN, node: '' },
          };
        } else {
          const config = configs.find((c) => c.label === cell.label) as Config;
          outcome = await runWorker(workers[config.client], config.runtime, job(config, topic, 'read', `r${rep}`));
        }
        if (!outcome.ok || !outcome.result) {
          cell.error = outcome.error;
          continue;
        }
        const r = outcome.result;
        if (r.records !== RECORDS || r.valueBytes !== RECORDS * SIZE) {
          cell.error = `read ${r.records} records / ${r.valueBytes} B, expected ${RECORDS} / ${RECORDS * SIZE}`;
          continue;
        }
        cell.runs.push(r);
        console.error(`rep ${rep} ${cell.codec} ${cell.label}: ${(r.totalMs / 1000).toFixed(2)} s`);
      }
    }

    console.log(`\n## Throughput: ${RECORDS} x ${SIZE} B, ${PARTITIONS} partitions on 3 brokers, median of ${REPS}\n`);
    console.log(
      `${os.cpus().length} CPUs; 1-minute load average before the measurements: min ${Math.min(...loads).toFixed(1)}, ` +
        `median ${median(loads).toFixed(1)}, max ${Math.max(...loads).toFixed(1)}\n`,
    );
    console.log(
      '| codec | client @ runtime | records/s | MB/s | vs kcat | total s | to 1st record s | records/s after 1st | total s min-max |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    const summary: unknown[] = [];
    for (const codec of BENCH_CODECS) {
      const kcat = cells.find((c) => c.codec === codec && c.label === KCAT);
      const kcatMs = kcat && kcat.runs.length ? median(kcat.runs.map((r) => r.totalMs)) : NaN;
      for (const cell of cells.filter((c) => c.codec === codec)) {
        if (cell.error || !cell.runs.length) {
          console.log(`| ${codec} | ${cell.label} | failed: ${cell.error} | | | | | | |`);
          summary.push({ codec, client: cell.label, error: cell.error });
          continue;
        }
        const ms = median(cell.runs.map((r) => r.totalMs));
        const first = median(cell.runs.map((r) => r.firstRecordMs));
        const rps = RECORDS / (ms / 1000);
        const mbps = (RECORDS * SIZE) / 1e6 / (ms / 1000);
        // Without connect/group join: the median over runs of records / (total - time to 1st record).
        const steady = median(cell.runs.map((r) => RECORDS / ((r.totalMs - r.firstRecordMs) / 1000)));
        const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
        const totals = cell.runs.map((r) => r.totalMs / 1000);
        const spread = `${Math.min(...totals).toFixed(2)}-${Math.max(...totals).toFixed(2)}`;
        console.log(
          `| ${codec} | ${cell.label} | ${fmt(rps)} | ${mbps.toFixed(1)} | ${(kcatMs / ms).toFixed(2)} | ${(ms / 1000).toFixed(2)} | ${Number.isNaN(first) ? '' : (first / 1000).toFixed(2)} | ${Number.isNaN(steady) ? '' : fmt(steady)} | ${spread} |`,
        );
        summary.push({
          codec,
          client: cell.label,
          medianMs: ms,
          recordsPerS: rps,
          mbPerS: mbps,
          ratioToKcat: kcatMs / ms,
          firstRecordMs: first,
          recordsPerSAfterFirst: steady,
          runsMs: cell.runs.map((r) => r.totalMs),
        });
      }
    }

    const sizes = await printBundles(rts);
    if (JSON_OUT) {
      const probesOut = Object.fromEntries([...probes].map(([label, row]) => [label, Object.fromEntries(row)]));
      fs.writeFileSync(
        JSON_OUT,
        JSON.stringify(
          {
            records: RECORDS,
            size: SIZE,
            reps: REPS,
            mock: mock.librdkafkaVersion,
            loads,
            probes: probesOut,
            throughput: summary,
            bundles: sizes,
          },
          null,
          2,
        ),
      );
    }
  } finally {
    await mock.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
