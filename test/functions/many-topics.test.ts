// What this suite proves: one backup over a list or a pattern of topics backs up every partition of
// every selected topic exactly once, per topic (keys, progress), with the policy the construct
// writes for that selection enforced by the COS peer: a topic created between runs starts at its
// earliest offset, internal and unrelated topics are left alone, fan-out spreads topic-partitions
// over invocations, a named topic that is gone is skipped, and single-topic backups moved into one
// many-topic backup resume from the bucket's progress without a second copy or a gap.
import {
  BUCKET,
  Peers,
  expectExactlyOnce,
  handlerEnv,
  logsOf,
  readBackup,
  runTimer,
  startCloudApi,
  startPeers,
  withoutSnapshots,
} from '../support/backup-fixture';
import { CloudApiServer } from '../support/cloud-api-server';
import { endOffsets } from '../support/fault-harness';
import { produce } from '../support/kcat';
import { invokeHandler } from '../support/scf-runtime';

/** The environment of a many-topic backup: BACKUP_TOPIC replaced by `selection`. */
function manyEnv(peers: Peers, prefix: string, selection: Record<string, string>, extra: Record<string, string> = {}) {
  const env: Record<string, string> = {
    ...handlerEnv(peers, 'unused', { BACKUP_PREFIX: prefix, BACKUP_CONSUMER_GROUP: `${prefix.slice(0, -1)}-backup` }),
    ...selection,
    ...extra,
  };
  delete env.BACKUP_TOPIC;
  return env;
}

/** `count` records into each partition of `topic`, values tagged with the topic. */
async function fill(peers: Peers, topic: string, partitions: number, count: number, tag = 'r'): Promise<void> {
  const records = Array.from({ length: partitions * count }, (_, i) => ({
    partition: i % partitions,
    value: Buffer.from(`${topic}-${tag}${i}`),
  }));
  await produce(peers.kafka.bootstrap, topic, records);
}

/** The topics of the test broker and their partitions (orders.apac is created by a test). */
const TOPICS: Record<string, number> = {
  'orders.eu': 2,
  'orders.us': 3,
  orders: 1,
  '__orders.internal': 1,
  payments: 2,
  audit: 1,
  'orders.apac': 2,
};

async function expectTopicBackedUp(peers: Peers, topic: string, prefix: string): Promise<void> {
  expectExactlyOnce(await readBackup(peers.cos, topic, prefix), await endOffsets(peers, topic, TOPICS[topic]));
}

const keysUnder = async (peers: Peers, prefix: string) =>
  (await peers.cos.listObjects(BUCKET, prefix)).map((o) => o.key);

describe('many topics in one backup (bundled handler, policy enforced)', () => {
  let peers: Peers;
  let scfApi: CloudApiServer;

  beforeAll(async () => {
    const initial = Object.entries(TOPICS).filter(([name]) => name !== 'orders.apac');
    peers = await startPeers(initial.map(([name, partitions]) => ({ name, partitions })));
    scfApi = await startCloudApi(() => ({ RequestId: `req-${Math.random()}` }));
    for (const [topic, partitions] of initial) await fill(peers, topic, partitions, 20);
  });
  afterAll(async () => {
    await scfApi?.stop();
    await peers?.stop();
  });

  test('a list: every named topic once, per topic; a named topic that is gone is skipped with a warning', async () => {
    const env = manyEnv(peers, 'list/', { BACKUP_TOPICS: 'payments,audit,gone-topic' });
    const run = await runTimer(env);
    expect(run.ok).toBe(true);
    expect(logsOf(run, 'topics-not-found')).toEqual([expect.objectContaining({ topics: ['gone-topic'] })]);
    expect(run.result.partitions.map((p: any) => `${p.topic}/${p.partition}`)).toEqual([
      'audit/0',
      'payments/0',
      'payments/1',
    ]);
    await expectTopicBackedUp(peers, 'payments', 'list/');
    await expectTopicBackedUp(peers, 'audit', 'list/');
    // Nothing of the topics it does not name, and each topic under its own folder.
    const keys = await keysUnder(peers, 'list/');
    expect(keys.every((k) => /^list\/ckafka-test1234\/(payments|audit)\//.test(k))).toBe(true);
    // The policy allowed every request: it names both topic prefixes.
    expect(peers.cos.denied).toEqual([]);
  });

  test('a pattern: whole names only, never `__` topics; a topic created later starts at its earliest offset', async () => {
    // startPosition latest: only the first run's topics start at their end.
    const env = manyEnv(peers, 'pattern/', { BACKUP_TOPIC_PATTERN: 'orders\\..*', BACKUP_START_POSITION: 'latest' });
    const first = await runTimer(env);
    expect(first.ok).toBe(true);
    expect([...new Set(first.result.partitions.map((p: any) => p.topic))]).toEqual(['orders.eu', 'orders.us']);
    expect(first.result.records).toBe(0); // latest: pinned at the end

    await fill(peers, 'orders.eu', 2, 5, 'after');
    await peers.kafka.createTopic('orders.apac', TOPICS['orders.apac']);
    await fill(peers, 'orders.apac', TOPICS['orders.apac'], 7);
    const second = await runTimer(env);
    expect(second.ok).toBe(true);
    const started = logsOf(second, 'start-position').filter((l) => l.topic === 'orders.apac');
    expect(started.map((l) => [l.partition, l.offset, l.startPosition])).toEqual([
      [0, 0, 'earliest (partition added later)'],
      [1, 0, 'earliest (partition added later)'],
    ]);
    // Every record of the new topic, and the existing topics' records since the first run.
    expect(second.result.records).toBe(14 + 10);
    await expectTopicBackedUp(peers, 'orders.apac', 'pattern/');
    const keys = await keysUnder(peers, 'pattern/');
    const topicsWritten = new Set(withoutSnapshots(keys.map((key) => ({ key }))).map((o) => o.key.split('/')[2]));
    // orders.us had nothing new; `orders` and `__orders.internal` never match, not even a snapshot.
    expect([...topicsWritten].sort()).toEqual(['orders.apac', 'orders.eu']);
    expect([...new Set(keys.map((k) => k.split('/')[2]))].sort()).toEqual(['orders.apac', 'orders.eu', 'orders.us']);
    expect(peers.cos.denied).toEqual([]);
  });

  test('fan-out spreads topic-partitions over invocations, each with its topics and the decision that the backup began', async () => {
    const env = manyEnv(
      peers,
      'fanout/',
      { BACKUP_TOPICS: 'orders.eu,orders.us,payments' },
      { BACKUP_PARTITIONS_PER_INVOCATION: '3', BACKUP_SCF_ENDPOINT: scfApi.endpoint },
    );
    const callsBefore = scfApi.calls.length;
    const run = await runTimer(env);
    expect(run.ok).toBe(true);
    const events = scfApi.calls
      .slice(callsBefore)
      .filter((c) => c.action === 'Invoke')
      .map((c) => JSON.parse(c.body.ClientContext));
    // 7 topic-partitions, 3 per invocation, in topic order: the timer run keeps the first 3.
    expect(run.result.partitions.map((p: any) => `${p.topic}/${p.partition}`)).toEqual([
      'orders.eu/0',
      'orders.eu/1',
      'orders.us/0',
    ]);
    expect(events.map((e) => e.topics)).toEqual([{ 'orders.us': [1, 2], payments: [0] }, { payments: [1] }]);
    expect(events.map((e) => e.begun)).toEqual([false, false]);
    for (const event of events) {
      const child = await invokeHandler({ ...event, deadlineMs: Date.now() + 60_000 }, { env });
      expect(child.ok).toBe(true);
    }
    for (const topic of ['orders.eu', 'orders.us', 'payments']) await expectTopicBackedUp(peers, topic, 'fanout/');
    expect(peers.cos.denied).toEqual([]);
  });

  test('single-topic backups moved into one many-topic backup resume from the bucket: no second copy, no gap', async () => {
    // Two single-topic backups, each with its own group, over the same bucket and prefix.
    for (const topic of ['orders', 'audit']) {
      const single = handlerEnv(peers, topic, { BACKUP_PREFIX: 'moved/', BACKUP_CONSUMER_GROUP: `${topic}-single` });
      expect((await runTimer(single)).ok).toBe(true);
    }
    const before = (await keysUnder(peers, 'moved/')).filter((k) => !k.includes('/_state/'));
    await fill(peers, 'orders', 1, 4, 'later');
    // The many-topic backup has a group of its own: the bucket's progress says where each topic is.
    const env = manyEnv(peers, 'moved/', { BACKUP_TOPICS: 'orders,audit' });
    const run = await runTimer(env);
    expect(run.ok).toBe(true);
    expect(run.result.records).toBe(4);
    expect(
      logsOf(run, 'progress-restored')
        .map((l) => l.topic)
        .sort(),
    ).toEqual(['audit', 'orders']);
    const after = (await keysUnder(peers, 'moved/')).filter((k) => !k.includes('/_state/'));
    expect(after.length).toBe(before.length + 1);
    await expectTopicBackedUp(peers, 'orders', 'moved/');
    await expectTopicBackedUp(peers, 'audit', 'moved/');
  });
});
