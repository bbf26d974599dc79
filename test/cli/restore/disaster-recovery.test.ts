// What this suite proves, end to end with real parts: producers write a topic, two consumer groups
// of real consumers (kcat -G: join, read, commit) read different amounts, the bundled handler
// backs the topic up (with its snapshots), the topic is lost, and `restore --create-topic
// --restore-groups` brings it back: the topic with its partitions and settings, and each group's
// consumer resumes at exactly the first record it had not read and reads to the end, none skipped
// and none read twice (checked by the origin header). Once into the same cluster after the topic
// was deleted, once into another cluster for a compacted topic with its own retention.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KafkaClient } from '../../../clients/kafka';
import { handlerEnv, INSTANCE, Peers, runTimer, startPeers } from '../../support/backup-fixture';
import { buildKafkaMock, KafkaMock, startKafkaMock } from '../../support/kafka-mock';
import { ConsumedRecord, consumeInGroup, produce } from '../../support/kcat';
import { at, cosEnv, runCli } from '../cli-fixture';

const PARTITIONS = 3;
const PER_PARTITION = 40;
const ORIGIN = 'ckafka-cos-backup-origin';

/** `<partition>/<offset>` of the original record a restored one came from (its origin header). */
function origin(record: ConsumedRecord, topic: string): string {
  const header = record.headers[record.headers.length - 1];
  expect(header?.[0]).toBe(ORIGIN);
  const [from, partition, offset] = header![1]!.toString().split('/');
  expect(from).toBe(topic);
  return `${partition}/${offset}`;
}

/** What a group read from the original topic: `<partition>/<offset>` of each record. */
const positions = (records: ConsumedRecord[]) => records.map((r) => `${r.partition}/${r.offset}`);

async function describe1(bootstrap: string, topic: string) {
  const client = new KafkaClient({ brokers: bootstrap.split(','), clientId: 'dr-check', logLevel: 'error' });
  await client.connect();
  try {
    return (await client.topicDescriptions([topic])).get(topic)!;
  } finally {
    await client.close();
  }
}

/**
 * The whole story for one topic: write, consume as two groups, back up, lose the topic (`lose`),
 * restore into `target` with `extraArgs`, and resume each group there.
 */
async function recoverTopic(options: {
  peers: Peers;
  topic: string;
  lose: () => Promise<void>;
  target: () => string;
  groupPrefix?: string;
  extraArgs?: string[];
}): Promise<{ created: Awaited<ReturnType<typeof describe1>>; source: Awaited<ReturnType<typeof describe1>> }> {
  const { peers, topic } = options;
  const all = Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({
    partition: i % PARTITIONS,
    key: Buffer.from(`k${i % 17}`),
    value: Buffer.from(`${topic} record ${i}`),
  }));
  await produce(peers.kafka.bootstrap, topic, all);
  // Two groups of real consumers that read different amounts and commit what they read.
  const read = {
    billing: positions(await consumeInGroup(peers.kafka.bootstrap, 'billing', topic, { count: 25 })),
    search: positions(await consumeInGroup(peers.kafka.bootstrap, 'search', topic, { count: 70 })),
  };
  expect(read.billing).toHaveLength(25);
  expect(read.search).toHaveLength(70);
  const source = await describe1(peers.kafka.bootstrap, topic);

  const run = await runTimer(handlerEnv(peers, topic));
  expect(run.ok).toBe(true);
  await options.lose();

  const restoreArgs = [
    'restore',
    ...at('kafka/'),
    '--instance-id',
    INSTANCE,
    '--topic',
    topic,
    '--to-bootstrap',
    options.target(),
    '--to-topic',
    topic,
    '--into-source',
    '--create-topic',
    '--restore-groups',
    ...(options.groupPrefix ? ['--group-prefix', options.groupPrefix] : []),
    ...(options.extraArgs ?? []),
  ];
  const restore = await runCli([...restoreArgs, '--json'], { env: cosEnv(peers) });
  expect(restore.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  expect(restore.code).toBe(0);

  const created = await describe1(options.target(), topic);
  for (const group of ['billing', 'search'] as const) {
    const resumed = await consumeInGroup(options.target(), `${options.groupPrefix ?? ''}${group}`, topic);
    const after = resumed.map((r) => origin(r, topic));
    // Exactly the records the group had not read: none skipped, none twice.
    const expected = all
      .map((_, i) => `${i % PARTITIONS}/${Math.floor(i / PARTITIONS)}`)
      .filter((p) => !read[group].includes(p));
    expect(new Set(after).size).toBe(after.length);
    expect([...after].sort()).toEqual([...expected].sort());
    // Resumed at the first record it had not read, in every partition it had read from.
    for (let p = 0; p < PARTITIONS; p += 1) {
      const readHere = read[group].filter((x) => x.startsWith(`${p}/`)).map((x) => Number(x.split('/')[1]));
      const firstAfter = after.find((x) => x.startsWith(`${p}/`));
      if (readHere.length > 0 && readHere.length < PER_PARTITION)
        expect(firstAfter).toBe(`${p}/${Math.max(...readHere) + 1}`);
    }
  }
  return { created, source };
}

describe('disaster recovery end to end: backup, loss, restore with topic and groups', () => {
  let peers: Peers;
  let other: KafkaMock | undefined;

  beforeAll(async () => {
    peers = await startPeers([
      { name: 'payments', partitions: PARTITIONS },
      { name: 'ledger', partitions: PARTITIONS },
    ]);
    await peers.kafka.setTopicConfig('ledger', 'cleanup.policy', 'compact');
    await peers.kafka.setTopicConfig('ledger', 'retention.ms', '1209600000');
    await peers.kafka.setTopicConfig('ledger', 'max.message.bytes', '2097152');
  });
  afterAll(async () => {
    await other?.stop();
    await peers?.stop();
  });

  test('the topic deleted, restored into the same cluster: each group resumes where it stopped', async () => {
    const { adminCheck } = await buildKafkaMock();
    const { created, source } = await recoverTopic({
      peers,
      topic: 'payments',
      lose: async () => {
        await promisify(execFile)(adminCheck, [peers.kafka.bootstrap, 'delete', 'payments']);
      },
      target: () => peers.kafka.bootstrap,
    });
    expect(created).toEqual(source);
  });

  test('a compacted topic with its own retention, restored into another cluster under a group prefix', async () => {
    const { created, source } = await recoverTopic({
      peers,
      topic: 'ledger',
      lose: async () => {
        other = await startKafkaMock({ brokers: 3, topics: [] });
      },
      target: () => other!.bootstrap,
      groupPrefix: 'dr.',
    });
    expect(source.configs).toEqual({
      'cleanup.policy': 'compact',
      'retention.ms': '1209600000',
      'max.message.bytes': '2097152',
    });
    expect(created).toEqual(source);
  });
});
