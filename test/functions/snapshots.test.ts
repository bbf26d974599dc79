// What this suite proves: each timer run of the bundled handler (policy enforced) records, under
// the topic's `_state/`, the topic's partitions, replication factor and the configuration set on
// it (not broker defaults), and every consumer group's committed offsets on it; it writes a
// snapshot only when it changed (an idle run writes nothing) or when the newest is 12 hours old;
// and a broker that refuses the requests (Kafka ACLs) leaves the records backed up, the run
// successful and one warning.
import {
  decodeSnapshot,
  GroupOffsetsSnapshot,
  parseSnapshotKey,
  snapshotMarkerKey,
  TopicConfigSnapshot,
} from '../../contract/backup-format';
import { KafkaClient } from '../../clients/kafka';
import { createCosClient } from '../../clients/cos';
import {
  BUCKET,
  INSTANCE,
  Peers,
  expectExactlyOnce,
  handlerEnv,
  logsOf,
  readBackup,
  runTimer,
  startPeers,
} from '../support/backup-fixture';
import { API, endOffsets, ERR } from '../support/fault-harness';
import { produce } from '../support/kcat';

const TOPIC = 'dr-orders';
const PARTITIONS = 3;
const PREFIX = 'dr/';

describe('disaster-recovery snapshots (bundled handler, policy enforced)', () => {
  let peers: Peers;
  let kafka: KafkaClient;
  const env = () => handlerEnv(peers, TOPIC, { BACKUP_PREFIX: PREFIX });

  async function fill(count: number, tag: string): Promise<void> {
    await produce(
      peers.kafka.bootstrap,
      TOPIC,
      Array.from({ length: PARTITIONS * count }, (_, i) => ({
        partition: i % PARTITIONS,
        value: Buffer.from(`${tag}${i}`),
      })),
    );
  }

  /** The snapshots of a kind, oldest first, decoded. */
  async function snapshots(kind: 'topic-config'): Promise<TopicConfigSnapshot[]>;
  async function snapshots(kind: 'groups'): Promise<GroupOffsetsSnapshot[]>;
  async function snapshots(kind: 'topic-config' | 'groups'): Promise<(TopicConfigSnapshot | GroupOffsetsSnapshot)[]> {
    const listed = await peers.cos.listObjects(BUCKET, `${PREFIX}${INSTANCE}/${TOPIC}/_state/${kind}/`);
    const keys = listed.map((o) => o.key).filter((k) => parseSnapshotKey(k)?.kind === kind);
    expect(keys).toHaveLength(listed.length);
    return Promise.all(
      keys
        .sort()
        .map(async (key) => decodeSnapshot((await peers.cos.getObject(BUCKET, key)).toString(), kind as never, key)),
    );
  }

  const stateWrites = () =>
    peers.cos.requests.filter((r) => r.method === 'PUT' && r.key.startsWith(`${PREFIX}${INSTANCE}/${TOPIC}/_state/`))
      .length;

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS }]);
    await peers.kafka.setTopicConfig(TOPIC, 'cleanup.policy', 'compact');
    await peers.kafka.setTopicConfig(TOPIC, 'retention.ms', '86400000');
    kafka = new KafkaClient({
      brokers: peers.kafka.bootstrap.split(','),
      clientId: 'snapshot-test',
      logLevel: 'error',
    });
    await kafka.connect();
    await fill(10, 'a');
    await kafka.commitGroupOffsets(
      'billing',
      TOPIC,
      new Map([
        [0, 4],
        [1, 10],
        [2, 0],
      ]),
    );
    await kafka.commitGroupOffsets('audit', TOPIC, new Map([[0, 10]]));
  });
  afterAll(async () => {
    await kafka?.close();
    await peers?.stop();
  });

  test('a first run records the topic as created and every group but its own', async () => {
    const run = await runTimer(env());
    expect(run.ok).toBe(true);
    expect(logsOf(run, 'snapshot-incomplete')).toEqual([]);
    expect(logsOf(run, 'snapshots-written')).toEqual([
      expect.objectContaining({ snapshots: [`${TOPIC} groups`, `${TOPIC} topic-config`] }),
    ]);
    const [config] = await snapshots('topic-config');
    expect(config).toEqual({
      version: 1,
      topic: TOPIC,
      takenAt: expect.any(String),
      partitions: PARTITIONS,
      replicationFactor: (await kafka.topicDescriptions([TOPIC])).get(TOPIC)!.replicationFactor,
      // Only what was set on the topic: the mock answers broker defaults for 30 more keys.
      configs: { 'cleanup.policy': 'compact', 'retention.ms': '86400000' },
    });
    const [groups] = await snapshots('groups');
    expect(groups.groups).toEqual({ billing: { '0': 4, '1': 10, '2': 0 }, audit: { '0': 10 } });
    expect(Date.parse(groups.takenAt)).toBeLessThanOrEqual(Date.parse(config.takenAt) + 1000);
  });

  test('a run that finds nothing changed writes nothing; a moved group or a changed setting writes that kind only', async () => {
    // The backup's own group committed in the first run: not a change of the snapshot.
    const before = stateWrites();
    const idle = await runTimer(env());
    expect(idle.ok).toBe(true);
    expect(logsOf(idle, 'snapshots-written')).toEqual([]);
    expect(stateWrites()).toBe(before);

    await kafka.commitGroupOffsets('billing', TOPIC, new Map([[2, 7]]));
    const moved = await runTimer(env());
    expect(logsOf(moved, 'snapshots-written')).toEqual([expect.objectContaining({ snapshots: [`${TOPIC} groups`] })]);
    expect((await snapshots('groups')).at(-1)!.groups.billing).toEqual({ '0': 4, '1': 10, '2': 7 });
    expect(await snapshots('topic-config')).toHaveLength(1);

    await peers.kafka.setTopicConfig(TOPIC, 'retention.ms', '172800000');
    const changed = await runTimer(env());
    expect(logsOf(changed, 'snapshots-written')).toEqual([
      expect.objectContaining({ snapshots: [`${TOPIC} topic-config`] }),
    ]);
    expect((await snapshots('topic-config')).map((s) => s.configs['retention.ms'])).toEqual(['86400000', '172800000']);
  });

  test('an unchanged snapshot is written again once the newest is 12 hours old', async () => {
    const cos = createCosClient({
      region: 'ap-guangzhou',
      credentials: { secretId: 'id', secretKey: 'key' },
      endpoint: peers.cos.endpoint,
    });
    const marker = snapshotMarkerKey(PREFIX, INSTANCE, TOPIC);
    const { metadata } = (await cos.headObject({ bucket: BUCKET, key: marker }))!;
    const halfADayAgo = new Date(Date.now() - 12 * 3600_000 - 60_000).toISOString();
    await cos.putObject({
      bucket: BUCKET,
      key: marker,
      body: Buffer.alloc(0),
      metadata: { ...metadata, 'groups-at': halfADayAgo },
    });
    const run = await runTimer(env());
    expect(logsOf(run, 'snapshots-written')).toEqual([expect.objectContaining({ snapshots: [`${TOPIC} groups`] })]);
    const [previous, refreshed] = (await snapshots('groups')).slice(-2);
    expect(refreshed.groups).toEqual(previous.groups);
  });

  test('a user without DescribeConfigs or ListGroups: records backed up, the run succeeds, one warning', async () => {
    await fill(5, 'b');
    const configsBefore = (await snapshots('topic-config')).length;
    const groupsBefore = (await snapshots('groups')).length;
    await peers.kafka.pushErrors(API.DescribeConfigs, 1, ERR.TOPIC_AUTHORIZATION_FAILED);
    await peers.kafka.pushErrors(API.ListGroups, 1, ERR.CLUSTER_AUTHORIZATION_FAILED);
    await kafka.commitGroupOffsets('audit', TOPIC, new Map([[0, 12]]));
    const run = await runTimer(env());
    await peers.kafka.clearErrors(API.DescribeConfigs);
    await peers.kafka.clearErrors(API.ListGroups);
    expect(run.ok).toBe(true);
    const warnings = logsOf(run, 'snapshot-incomplete');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].problems).toEqual([
      expect.stringMatching(/^topic configuration \(DescribeConfigs\): .*(authoriz|AUTHORIZ)/i),
      expect.stringMatching(/^consumer groups \(ListGroups\): .*(authoriz|AUTHORIZ)/i),
    ]);
    expect(await snapshots('topic-config')).toHaveLength(configsBefore);
    expect(await snapshots('groups')).toHaveLength(groupsBefore);
    expectExactlyOnce(await readBackup(peers.cos, TOPIC, PREFIX), await endOffsets(peers, TOPIC, PARTITIONS));
    // The next run with the rights records what the failed one could not.
    const next = await runTimer(env());
    expect(logsOf(next, 'snapshot-incomplete')).toEqual([]);
    expect((await snapshots('groups')).at(-1)!.groups.audit).toEqual({ '0': 12 });
  });

  test('a group whose offsets cannot be read: no groups snapshot this run, the last complete one stays the newest', async () => {
    await kafka.commitGroupOffsets('audit', TOPIC, new Map([[0, 13]]));
    const groupsBefore = await snapshots('groups');
    await peers.kafka.pushErrors(API.OffsetFetch, 1, ERR.GROUP_AUTHORIZATION_FAILED);
    const run = await runTimer(env());
    await peers.kafka.clearErrors(API.OffsetFetch);
    expect(run.ok).toBe(true);
    expect(logsOf(run, 'snapshot-incomplete')).toEqual([
      expect.objectContaining({
        problems: [expect.stringMatching(/^offsets of group "(audit|billing)" \(OffsetFetch\): /)],
      }),
    ]);
    expect(await snapshots('groups')).toEqual(groupsBefore);
  });

  test('a broker slow to answer for the groups costs the run at most its snapshot share: the records are backed up in time', async () => {
    await fill(5, 'c');
    // Broker 1 holds its ListGroups answer for 40 s; the run has 60 s, so snapshot reads get 6 s,
    // on connections of their own: the backup's requests to broker 1 are not queued behind it.
    await peers.kafka.brokerPushErrors(1, API.ListGroups, 1, 0, 40_000);
    const started = Date.now();
    const run = await runTimer(env());
    expect(run.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
    const warnings = logsOf(run, 'snapshot-incomplete');
    expect(warnings).toEqual([
      expect.objectContaining({ problems: ['reading the snapshots took longer than their share of the run'] }),
    ]);
    expectExactlyOnce(await readBackup(peers.cos, TOPIC, PREFIX), await endOffsets(peers, TOPIC, PARTITIONS));
    await peers.kafka.clearErrors(API.ListGroups);
  }, 90_000);
});
