// Shared by the handler tests: the peers a backup runs against (Kafka mock, COS server, Cloud API
// server), the handler's environment, runs of the bundled handler and checks of what it wrote.
// Importing it fails a test on any request the peers denied to the function's role.
import * as fs from 'fs';
import * as zlib from 'zlib';
import { parseObjectKey, parseSnapshotKey } from '../../contract/backup-format';
import { decodeRecordLine } from '../../contract/backup-format';
import { KafkaRecord } from '../../clients/kafka';
import { accessTotals, expectNoDenials } from './access-control';
import { ApiResponder, CloudApiServer, startCloudApiServer } from './cloud-api-server';
import { CosServer, StoredObject, startCosServer } from './cos-server';
import { KafkaMock, startKafkaMock } from './kafka-mock';
import { Invocation, InvokeOptions, invokeHandler } from './scf-runtime';

export const BUCKET = 'backup-1250000000';
export const PREFIX = 'kafka/';
export const INSTANCE = 'ckafka-test1234';

// Real COS, SCF and SSM check every request of the function's role against its CAM policy, and
// the peers do too (function-role.ts): a test fails on any denied request, even one the
// handler recovers from. A test that provokes denials on purpose takes them (takeDenials).
if (typeof afterEach === 'function') afterEach(expectNoDenials);
// CAM_REPORT=<file>: each test file appends how many of the role's requests the peers checked and
// denied, so a run's denials can be counted, not only seen as a green summary.
const camReport = process.env.CAM_REPORT;
if (camReport && typeof afterAll === 'function') {
  afterAll(() => {
    const file = expect.getState().testPath ?? 'unknown';
    fs.appendFileSync(camReport, `${JSON.stringify({ file, ...accessTotals() })}\n`);
  });
}

export interface Peers {
  kafka: KafkaMock;
  cos: CosServer;
  stop(): Promise<void>;
}

/**
 * A Kafka mock cluster and a COS server on loopback, started by the test. COS enforces the role's
 * policy, and the bucket keeps noncurrent versions, as the bucket the construct creates does.
 */
export async function startPeers(topics: { name: string; partitions: number }[], brokers = 3): Promise<Peers> {
  const [kafka, cos] = await Promise.all([
    startKafkaMock({ brokers, topics }),
    startCosServer({ buckets: [{ name: BUCKET, versioning: true }], enforce: true }),
  ]);
  return {
    kafka,
    cos,
    stop: async () => {
      await Promise.all([kafka.stop(), cos.stop()]);
    },
  };
}

/** A Cloud API peer (SCF, SSM) that enforces the role's policy. */
export function startCloudApi(respond: ApiResponder): Promise<CloudApiServer> {
  return startCloudApiServer(respond, { enforce: true });
}

/** The environment the construct would set, pointed at the local peers. */
export function handlerEnv(
  peers: Peers,
  topic: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    BACKUP_BUCKET: BUCKET,
    BACKUP_BUCKET_REGION: 'ap-guangzhou',
    BACKUP_PREFIX: PREFIX,
    BACKUP_INSTANCE_ID: INSTANCE,
    BACKUP_TOPIC: topic,
    BACKUP_BOOTSTRAP_SERVERS: peers.kafka.bootstrap,
    BACKUP_CONSUMER_GROUP: `${topic}-backup`,
    BACKUP_START_POSITION: 'earliest',
    BACKUP_GRANULARITY_MINUTES: '5',
    BACKUP_SAFETY_MARGIN_SECONDS: '1',
    BACKUP_PART_SIZE_MIB: '1',
    BACKUP_FUNCTION_REGION: 'ap-guangzhou',
    BACKUP_COS_ENDPOINT: peers.cos.endpoint,
    ...overrides,
  };
}

export const TIMER_EVENT = { Type: 'Timer', TriggerName: 'backup-timer', Message: '' };

export function runTimer(env: Record<string, string>, options: Partial<InvokeOptions> = {}): Promise<Invocation> {
  return invokeHandler(TIMER_EVENT, { env, ...options });
}

export interface BackedUpObject {
  object: StoredObject;
  records: KafkaRecord[];
}

/** Downloads and decodes every backup object under the prefix. */
export async function readBackup(cos: CosServer, topic?: string, prefix = PREFIX): Promise<BackedUpObject[]> {
  const objects = (await cos.listObjects(BUCKET, prefix)).filter(
    (o) => !topic || parseObjectKey(o.key, prefix)?.topic === topic,
  );
  return Promise.all(
    objects.map(async (object) => {
      const text = zlib.gunzipSync(await cos.getObject(BUCKET, object.key)).toString('utf8');
      const lines = text.split('\n');
      // Every line ends with a newline, the last one too (also usable outside jest: the benchmarks).
      if (lines.pop() !== '') throw new Error(`${object.key} does not end with a newline`);
      return { object, records: lines.map((line, i) => decodeRecordLine(line, `${object.key}:${i + 1}`)) };
    }),
  );
}

/** Every backed-up record by `partition/offset`; fails on any record stored twice. */
export function recordsByPosition(objects: BackedUpObject[]): Map<string, KafkaRecord> {
  const byPosition = new Map<string, KafkaRecord>();
  for (const { object, records } of objects) {
    for (const record of records) {
      const position = `${record.partition}/${record.offset}`;
      if (byPosition.has(position)) throw new Error(`record ${position} is stored twice (again in ${object.key})`);
      byPosition.set(position, record);
    }
  }
  return byPosition;
}

/** Asserts the object set holds exactly the offsets [0, count) of each partition, each once. */
export function expectExactlyOnce(
  objects: BackedUpObject[],
  endOffsets: Map<number, number>,
): Map<string, KafkaRecord> {
  const byPosition = recordsByPosition(objects);
  let expected = 0;
  for (const [partition, end] of endOffsets) {
    for (let offset = 0; offset < end; offset += 1) {
      if (!byPosition.has(`${partition}/${offset}`))
        throw new Error(`record ${partition}/${offset} is missing from the backup`);
    }
    expected += end;
  }
  expect(byPosition.size).toBe(expected);
  return byPosition;
}

export function logsOf(invocation: Invocation, event: string) {
  return invocation.logs.filter((l) => l.event === event);
}

/** The objects other than disaster-recovery snapshots and their marker (a topic's first run writes them). */
export function withoutSnapshots<T extends { key: string }>(objects: T[]): T[] {
  return objects.filter((o) => !parseSnapshotKey(o.key) && !o.key.endsWith('/_state/snapshot'));
}
