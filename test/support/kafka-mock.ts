// A real Kafka wire-protocol cluster on loopback for tests and benchmarks, with fault injection. It
// runs tools/kafka-mock/mock_cluster (librdkafka's mock cluster) as a child process and drives it
// over stdin.
//
//   const kafka = await startKafkaMock({ brokers: 3, topics: [{ name: 'orders', partitions: 4 }] })
//   // kafka.bootstrap = '127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3'
//   await kafka.brokerDown(2)
//   ...
//   await kafka.stop()
//
// Partition p of a topic created here is led by broker (p % brokers) + 1. Every child is killed
// when the Node process exits, and a child also exits by itself when its stdin closes (i.e. when
// this process dies).
import { ChildProcessWithoutNullStreams, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';

import { REPO_ROOT } from './repo-root';
export { REPO_ROOT };
const BUILD_SCRIPT = path.join(REPO_ROOT, 'tools', 'kafka-mock', 'build.sh');

export type MockFlavour = 'source' | 'system';

export interface KafkaMockBuild {
  /** The broker binary (the preferred flavour). */
  mockCluster: string;
  /** The broker linked against the system librdkafka (2.0.2 on Debian 12). */
  mockClusterSystem: string;
  /** The test-data producer (tools/kafka-mock/produce.c). */
  produce: string;
  /** librdkafka's Admin API as a command (tools/kafka-mock/admin_check.c); source flavour only. */
  adminCheck: string;
  /** Which librdkafka `mockCluster` runs on. */
  flavour: MockFlavour;
  binDir: string;
}

export interface KafkaMockOptions {
  /** Number of brokers, ids 1..n (default 3). */
  brokers?: number;
  topics: { name: string; partitions: number }[];
  /** Replication factor for the topics (default 1, capped at brokers). */
  replication?: number;
  /** Topic configuration entries set at start, as `kafka-configs --alter` (source flavour). */
  topicConfigs?: { topic: string; key: string; value: string }[];
  /** Run the system-librdkafka broker even if the source flavour is built. */
  flavour?: MockFlavour;
  /** librdkafka debug contexts for the broker's stderr, e.g. 'mock'. */
  debug?: string;
  /** Max time to wait for the BOOTSTRAP line (default 30 s). */
  startTimeoutMs?: number;
}

export interface KafkaMock {
  /** Comma separated host:port list. */
  bootstrap: string;
  /** host:port of broker id i+1 at index i. */
  brokers: string[];
  /** librdkafka version of the broker, e.g. '2.12.0'. */
  librdkafkaVersion: string;
  /** librdkafka builtin.features of the broker, e.g. ['gzip', 'snappy', 'lz4', 'zstd', ...]. */
  features: string[];
  /**
   * 'source' (patched 2.12: large retention, ListOffsets by timestamp, transactions, deleteRecords, topic and
   * group admin APIs) or 'system'.
   */
  flavour: MockFlavour;
  pid: number;
  /** Sends one command line; resolves with the OK line, rejects on ERR. */
  command(line: string): Promise<string>;
  brokerDown(id: number): Promise<void>;
  brokerUp(id: number): Promise<void>;
  setLeader(topic: string, partition: number, brokerId: number): Promise<void>;
  /** The next `count` requests of `apiKey` (cluster wide) fail with `errorCode`. */
  pushErrors(apiKey: number, count: number, errorCode: number): Promise<void>;
  /** Per-broker request errors, optionally delayed by rttMs each. */
  brokerPushErrors(brokerId: number, apiKey: number, count: number, errorCode: number, rttMs?: number): Promise<void>;
  clearErrors(apiKey: number): Promise<void>;
  /** Adds latency to every response of a broker (-1: all brokers). */
  setRtt(brokerId: number, ms: number): Promise<void>;
  createTopic(name: string, partitions: number, replication?: number): Promise<void>;
  /**
   * Like Kafka's DeleteRecords (what retention does): the partition's log start offset becomes
   * `offset` (-1: the high watermark) and earlier batches are dropped; a batch holding `offset`
   * is kept whole, as Kafka serves whole batches, but ListOffsets(earliest) answers `offset` and
   * a Fetch below it fails with OFFSET_OUT_OF_RANGE. An offset at or below the log start offset
   * changes nothing; beyond the high watermark it is refused. Resolves with the log start offset.
   * Source flavour only.
   */
  deleteRecords(topic: string, partition: number, offset: number): Promise<number>;
  /**
   * Sets a topic configuration entry, as `kafka-configs --alter` does: DescribeConfigs then reports
   * it as set on the topic. An unknown key or a value of the wrong type is refused. Source flavour only.
   */
  setTopicConfig(topic: string, key: string, value: string): Promise<void>;
  /** Recent stderr output of the broker (for diagnostics). */
  stderr(): string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => {
    for (const child of children) {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
    children.clear();
  };
  // On a fatal signal Node skips 'exit', but then the children's stdin
  // closes and mock_cluster exits on EOF.
  process.on('exit', killAll);
}

/** Children started by this module that are still running. */
export function runningKafkaMocks(): number {
  return children.size;
}

let buildPromise: Promise<KafkaMockBuild> | undefined;

/**
 * Builds the broker and the producer once per process (build.sh caches its
 * results under .build/kafka-mock, so later runs take milliseconds).
 */
export function buildKafkaMock(): Promise<KafkaMockBuild> {
  if (!buildPromise) {
    buildPromise = new Promise<KafkaMockBuild>((resolve, reject) => {
      execFile('bash', [BUILD_SCRIPT], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`kafka-mock build failed: ${err.message}\n${stderr}`));
          return;
        }
        const mockCluster = stdout.trim().split('\n').pop() as string;
        const binDir = path.dirname(mockCluster);
        const flavour = fs.readFileSync(path.join(binDir, 'FLAVOUR'), 'utf8').trim() as MockFlavour;
        resolve({
          mockCluster,
          mockClusterSystem: path.join(binDir, 'mock_cluster-system'),
          produce: path.join(binDir, 'produce'),
          adminCheck: path.join(binDir, 'admin_check'),
          flavour,
          binDir,
        });
      });
    });
    buildPromise.catch(() => {
      buildPromise = undefined;
    });
  }
  return buildPromise;
}

export async function startKafkaMock(options: KafkaMockOptions): Promise<KafkaMock> {
  const build = await buildKafkaMock();
  const useSystem = options.flavour === 'system';
  const binary = useSystem ? build.mockClusterSystem : build.mockCluster;
  const flavour: MockFlavour = useSystem ? 'system' : build.flavour;
  const brokerCount = options.brokers ?? 3;

  const args = ['--brokers', String(brokerCount)];
  if (options.replication) args.push('--replication', String(options.replication));
  if (options.debug) args.push('--debug', options.debug);
  for (const t of options.topics) {
    if (!/^[A-Za-z0-9._-]+$/.test(t.name)) throw new Error(`invalid topic name ${t.name}`);
    args.push('--topic', `${t.name}:${t.partitions}`);
  }
  for (const c of options.topicConfigs ?? []) {
    if (/[\s=]/.test(c.key) || /\s/.test(c.value)) throw new Error(`invalid topic config ${c.key}=${c.value}`);
    args.push('--topic-config', `${c.topic}:${c.key}=${c.value}`);
  }

  installExitHook();
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);

  let stderrBuf = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderrBuf = (stderrBuf + d).slice(-64 * 1024);
  });

  type Pending = { resolve: (l: string) => void; reject: (e: Error) => void; line: string };
  const pending: Pending[] = [];
  let exited = false;
  let bootstrapLine: ((l: string) => void) | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      children.delete(child);
      const err = new Error(`kafka mock exited (code ${code}, signal ${signal})\n${stderrBuf}`);
      while (pending.length) (pending.shift() as Pending).reject(err);
      resolve();
    });
  });
  child.on('error', () => {
    /* reported through 'exit' or the start timeout */
  });
  // The broker must not keep Node alive by itself (a test that forgets
  // stop() would hang jest): its handles are referenced only while
  // something waits for it (start, a command, stop).
  let waiting = 1; // start-up; handles are referenced by default
  const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as { ref?(): void; unref?(): void }[];
  const hold = (): void => {
    if (waiting++ === 0) for (const h of handles) h.ref?.();
  };
  const release = (): void => {
    if (--waiting === 0) for (const h of handles) h.unref?.();
  };
  // Writes after the child died must not crash the test process.
  child.stdin.on('error', () => undefined);

  const rl = readline.createInterface({ input: child.stdout });
  rl.on('line', (line) => {
    if (bootstrapLine) {
      const cb = bootstrapLine;
      bootstrapLine = undefined;
      cb(line);
      return;
    }
    const p = pending.shift();
    if (!p) return;
    if (line.startsWith('OK')) p.resolve(line);
    else p.reject(new Error(`kafka mock: '${p.line}' -> ${line}`));
  });

  const startTimeout = options.startTimeoutMs ?? 30000;
  let first: string;
  try {
    first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`kafka mock did not start in ${startTimeout} ms\n${stderrBuf}`)),
        startTimeout,
      );
      bootstrapLine = (l) => {
        clearTimeout(timer);
        resolve(l);
      };
      exitPromise.then(() => {
        clearTimeout(timer);
        reject(new Error(`kafka mock exited before start\n${stderrBuf}`));
      });
    });
    if (!first.startsWith('BOOTSTRAP ')) throw new Error(`kafka mock: unexpected first line '${first}'`);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  release();
  const bootstrap = first.slice('BOOTSTRAP '.length).trim();

  const command = (line: string): Promise<string> => {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('command must be one line'));
    if (exited) return Promise.reject(new Error(`kafka mock is not running\n${stderrBuf}`));
    hold();
    return new Promise<string>((resolve, reject) => {
      pending.push({ resolve, reject, line });
      child.stdin.write(line + '\n');
    }).finally(release);
  };

  const version = await command('version');
  const librdkafkaVersion = /librdkafka=(\S+)/.exec(version)?.[1] ?? 'unknown';
  const features = (/features=(\S*)/.exec(version)?.[1] ?? '').split(',').filter(Boolean);

  const ok = async (line: string): Promise<void> => {
    await command(line);
  };

  return {
    bootstrap,
    brokers: bootstrap.split(','),
    librdkafkaVersion,
    features,
    flavour,
    pid: child.pid as number,
    command,
    brokerDown: (id) => ok(`broker-down ${id}`),
    brokerUp: (id) => ok(`broker-up ${id}`),
    setLeader: (topic, partition, brokerId) => ok(`leader ${topic} ${partition} ${brokerId}`),
    pushErrors: (apiKey, count, errorCode) => ok(`push-errors ${apiKey} ${count} ${errorCode}`),
    brokerPushErrors: (brokerId, apiKey, count, errorCode, rttMs = 0) =>
      ok(`broker-push-errors ${brokerId} ${apiKey} ${count} ${errorCode} ${rttMs}`),
    clearErrors: (apiKey) => ok(`clear-errors ${apiKey}`),
    setRtt: (brokerId, ms) => ok(`rtt ${brokerId} ${ms}`),
    createTopic: (name, partitions, replication) =>
      ok(`create-topic ${name} ${partitions}${replication ? ` ${replication}` : ''}`),
    deleteRecords: async (topic, partition, offset) => {
      const line = await command(`delete-records ${topic} ${partition} ${offset}`);
      const low = /^OK delete-records \S+ \d+ (\d+)$/.exec(line);
      if (!low) throw new Error(`kafka mock: unexpected answer '${line}'`);
      return Number(low[1]);
    },
    setTopicConfig: (topic, key, value) => ok(`topic-config ${topic} ${key} ${value}`),
    stderr: () => stderrBuf,
    stop: async () => {
      if (!exited) {
        hold();
        child.stdin.end('quit\n');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      rl.close();
    },
  };
}
