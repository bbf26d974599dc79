// Topic and group admin APIs of the loopback broker (patched source flavour): CreateTopics,
// DeleteTopics, DescribeConfigs, ListGroups, DescribeGroups and Kafka's OffsetCommit checks,
// compared with what librdkafka's own admin client parses (tools/kafka-mock/admin_check.c) and
// with what kafkajs 2.2.4's admin client (and its broker layer, for raw answers) parses.
import { ChildProcessWithoutNullStreams, execFile, spawn } from 'child_process';
import * as readline from 'readline';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { buildKafkaMock, KafkaMock, startKafkaMock } from '../support/kafka-mock';

// Broker defaults every topic reports for keys it does not set (ConfigSource DEFAULT_CONFIG).
const DEFAULTS: Record<string, string> = {
  'cleanup.policy': 'delete',
  'retention.ms': '604800000',
  'retention.bytes': '-1',
  'max.message.bytes': '1048588',
  'min.insync.replicas': '1',
  'compression.type': 'producer',
  'segment.bytes': '1073741824',
  'message.timestamp.type': 'CreateTime',
  'delete.retention.ms': '86400000',
};

interface ConfigLine {
  source: string;
  isDefault: boolean;
  value: string;
}

/** A librdkafka group consumer (admin_check join) that stays in the group until left. */
interface GroupMember {
  assigned: string;
  leave(): Promise<void>;
}

describe('patched librdkafka mock: topic and group admin APIs', () => {
  let mock: KafkaMock;
  let adminCheck: string;
  let kafka: Kafka;
  let admin: ReturnType<Kafka['admin']>;
  let cluster: any;
  let skip = false;
  const members: ChildProcessWithoutNullStreams[] = [];

  /** Runs admin_check with librdkafka's admin client; resolves with its output lines. */
  const librdkafka = (...args: string[]): Promise<string[]> =>
    new Promise((resolve, reject) => {
      execFile(adminCheck, [mock.bootstrap, ...args], { timeout: 40000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`admin_check ${args.join(' ')}: ${err.message}\n${stdout}${stderr}`));
        else resolve(stdout.trim().split('\n').filter(Boolean));
      });
    });

  const describeConfigs = async (topic: string): Promise<Map<string, ConfigLine>> => {
    const lines = await librdkafka('describe-configs', topic);
    expect(lines[0]).toBe('RESOURCE NO_ERROR');
    const configs = new Map<string, ConfigLine>();
    for (const l of lines.slice(1)) {
      const m = /^CONFIG (\S+) (\S+) ([01]) (.*)$/.exec(l);
      if (!m) throw new Error(`unexpected line ${l}`);
      configs.set(m[1], { source: m[2], isDefault: m[3] === '1', value: m[4] });
    }
    return configs;
  };

  const join = async (group: string, topic: string): Promise<GroupMember> => {
    const child = spawn(adminCheck, [mock.bootstrap, 'join', group, topic]);
    members.push(child);
    const rl = readline.createInterface({ input: child.stdout });
    const lines: string[] = [];
    let waiter: (() => void) | undefined;
    rl.on('line', (l) => {
      lines.push(l);
      waiter?.();
    });
    const next = (prefix: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`admin_check join: no ${prefix}: ${lines}`)), 40000);
        const check = (): void => {
          const l = lines.find((x) => x.startsWith(prefix) || x.startsWith('FAIL'));
          if (!l) return;
          clearTimeout(timer);
          waiter = undefined;
          if (l.startsWith('FAIL')) reject(new Error(l));
          else resolve(l);
        };
        waiter = check;
        check();
      });
    const joined = await next('JOINED');
    return {
      assigned: joined.slice('JOINED '.length),
      leave: async () => {
        child.stdin.end('\n');
        await next('LEFT');
      },
    };
  };

  beforeAll(async () => {
    const build = await buildKafkaMock();
    adminCheck = build.adminCheck;
    mock = await startKafkaMock({
      brokers: 3,
      topics: [
        { name: 'src', partitions: 2 },
        { name: 'preset', partitions: 1 },
      ],
      topicConfigs: build.flavour === 'source' ? [{ topic: 'preset', key: 'retention.ms', value: '1000' }] : [],
    });
    skip = mock.flavour !== 'source';
    kafka = new Kafka({
      clientId: 'kafka-mock-admin-test',
      brokers: mock.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    admin = kafka.admin();
    await admin.connect();
    const sym = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
    cluster = (kafka as any)[sym as symbol]({});
    await cluster.connect();
  });

  afterAll(async () => {
    for (const m of members) m.kill('SIGKILL');
    await admin?.disconnect();
    await cluster?.disconnect();
    await mock?.stop();
  });

  test('librdkafka: CreateTopics with configs, Metadata, DescribeConfigs, errors, DeleteTopics', async () => {
    if (skip) return;
    expect(
      await librdkafka('create', 'dr-compact', '3', '1', 'cleanup.policy=compact', 'retention.ms=3600000'),
    ).toEqual(['CREATE dr-compact NO_ERROR']);

    // In the metadata with its partitions, partition p led by broker (p % 3) + 1.
    const md = await admin.fetchTopicMetadata({ topics: ['dr-compact'] });
    expect(md.topics[0].partitions.map((p) => [p.partitionId, p.leader]).sort()).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);

    const configs = await describeConfigs('dr-compact');
    // librdkafka names ConfigSource 1 (TOPIC_CONFIG) DYNAMIC_TOPIC_CONFIG.
    expect(configs.get('cleanup.policy')).toEqual({
      source: 'DYNAMIC_TOPIC_CONFIG',
      isDefault: false,
      value: 'compact',
    });
    expect(configs.get('retention.ms')).toEqual({ source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, value: '3600000' });
    for (const [key, value] of Object.entries(DEFAULTS)) {
      if (key === 'cleanup.policy' || key === 'retention.ms') continue;
      expect([key, configs.get(key)]).toEqual([key, { source: 'DEFAULT_CONFIG', isDefault: true, value }]);
    }

    expect(await librdkafka('create', 'dr-compact', '3', '1')).toEqual(['CREATE dr-compact TOPIC_ALREADY_EXISTS']);
    expect(await librdkafka('create', 'dr-wide', '1', '4')).toEqual(['CREATE dr-wide INVALID_REPLICATION_FACTOR']);
    expect(await librdkafka('create', 'dr-bad', '1', '1', 'no.such.key=1')).toEqual(['CREATE dr-bad INVALID_CONFIG']);
    expect(await librdkafka('create', 'dr-bad', '1', '1', 'retention.ms=soon')).toEqual([
      'CREATE dr-bad INVALID_CONFIG',
    ]);
    expect(await librdkafka('describe-configs', 'dr-missing')).toEqual(['RESOURCE UNKNOWN_TOPIC_OR_PART']);

    // Set at start (--topic-config) and with the topic-config command, as kafka-configs --alter.
    expect((await describeConfigs('preset')).get('retention.ms')).toEqual({
      source: 'DYNAMIC_TOPIC_CONFIG',
      isDefault: false,
      value: '1000',
    });
    await mock.setTopicConfig('preset', 'cleanup.policy', 'compact,delete');
    expect((await describeConfigs('preset')).get('cleanup.policy')?.value).toBe('compact,delete');
    await expect(mock.setTopicConfig('preset', 'no.such.key', '1')).rejects.toThrow(/INVALID_CONFIG/);
    await expect(mock.setTopicConfig('missing', 'retention.ms', '1')).rejects.toThrow(/UNKNOWN_TOPIC_OR_PART/);

    // Deleted: gone from the metadata, its configuration with it; the name can be created again.
    expect(await librdkafka('delete', 'dr-compact')).toEqual(['DELETE dr-compact NO_ERROR']);
    expect(await librdkafka('delete', 'dr-compact')).toEqual(['DELETE dr-compact UNKNOWN_TOPIC_OR_PART']);
    expect(await admin.listTopics()).not.toContain('dr-compact');
    expect(await librdkafka('create', 'dr-compact', '1', '1')).toEqual(['CREATE dr-compact NO_ERROR']);
    expect((await describeConfigs('dr-compact')).get('cleanup.policy')?.isDefault).toBe(true);
  });

  test('librdkafka: groups of a consumer and of simple commits, Stable then Empty, UNKNOWN_MEMBER_ID', async () => {
    if (skip) return;
    expect(await librdkafka('commit', 'dr-simple', 'src', '0', '5')).toEqual(['COMMIT NO_ERROR']);

    const member = await join('dr-active', 'src');
    expect(member.assigned).toBe('src:0,src:1');
    const listed = await librdkafka('list-groups');
    expect(listed).toContain('GROUP dr-active Stable 0');
    expect(listed).toContain('GROUP dr-simple Empty 1');
    // Every broker answers the groups it coordinates: each group once.
    expect(listed.filter((l) => l.startsWith('GROUP dr-')).length).toBe(2);

    const active = await librdkafka('describe-group', 'dr-active');
    expect(active[0]).toBe('DESCRIBE dr-active NO_ERROR Stable 0 range 1');
    expect(active[1]).toMatch(/^MEMBER \S+ admin-check \/127\.0\.0\.1 src:0,src:1$/);

    // A simple commit (generation -1, no member id) to a group with members, as on Kafka.
    expect(await librdkafka('commit', 'dr-active', 'src', '0', '9')).toEqual(['COMMIT UNKNOWN_MEMBER_ID']);

    expect(await librdkafka('describe-group', 'dr-simple')).toEqual(['DESCRIBE dr-simple NO_ERROR Empty 1 - 0']);
    expect(await librdkafka('describe-group', 'dr-none')).toEqual(['DESCRIBE dr-none NO_ERROR Dead 1 - 0']);

    await member.leave();
    expect(await librdkafka('describe-group', 'dr-active')).toEqual(['DESCRIBE dr-active NO_ERROR Empty 0 - 0']);
    expect(await librdkafka('list-groups')).toContain('GROUP dr-active Empty 0');
    // The offsets the member committed (offset 1 on each partition).
    expect(await librdkafka('group-offsets', 'dr-active')).toEqual(['OFFSET src 0 1', 'OFFSET src 1 1']);
    // Now Empty: a simple commit is accepted.
    expect(await librdkafka('commit', 'dr-active', 'src', '0', '3')).toEqual(['COMMIT NO_ERROR']);
    expect(await librdkafka('group-offsets', 'dr-active')).toEqual(['OFFSET src 0 3', 'OFFSET src 1 1']);
    expect(await librdkafka('group-offsets', 'dr-simple')).toEqual(['OFFSET src 0 5']);
  });

  test('kafkajs: createTopics, describeConfigs, listGroups, describeGroups, fetchOffsets, setOffsets, deleteTopics', async () => {
    if (skip) return;
    expect(
      await admin.createTopics({
        topics: [
          {
            topic: 'js-topic',
            numPartitions: 2,
            configEntries: [
              { name: 'cleanup.policy', value: 'compact' },
              { name: 'min.insync.replicas', value: '1' },
            ],
          },
        ],
      }),
    ).toBe(true);
    // kafkajs answers false for a topic that already exists (TOPIC_ALREADY_EXISTS).
    expect(await admin.createTopics({ topics: [{ topic: 'js-topic' }] })).toBe(false);
    await expect(
      admin.createTopics({ topics: [{ topic: 'js-bad', configEntries: [{ name: 'nope', value: '1' }] }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
    await expect(admin.createTopics({ topics: [{ topic: 'js-bad', numPartitions: 0 }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_PARTITIONS' })],
    });
    // -1: the broker defaults.
    expect(
      await admin.createTopics({ topics: [{ topic: 'js-default', numPartitions: -1, replicationFactor: -1 }] }),
    ).toBe(true);

    const all = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'js-topic' }],
    });
    const entries = new Map(all.resources[0].configEntries.map((e: any) => [e.configName, e]));
    expect(entries.get('cleanup.policy')).toMatchObject({ configValue: 'compact', isDefault: false, configSource: 1 });
    expect(entries.get('min.insync.replicas')).toMatchObject({ configValue: '1', isDefault: false, configSource: 1 });
    expect(entries.get('retention.ms')).toMatchObject({ configValue: '604800000', isDefault: true, configSource: 5 });
    const some = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'js-topic', configNames: ['retention.bytes', 'segment.bytes'] },
      ],
    });
    expect(some.resources[0].configEntries.map((e: any) => [e.configName, e.configValue])).toEqual([
      ['retention.bytes', '-1'],
      ['segment.bytes', '1073741824'],
    ]);
    const withSynonyms = await admin.describeConfigs({
      includeSynonyms: true,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'js-topic', configNames: ['cleanup.policy'] }],
    });
    expect(withSynonyms.resources[0].configEntries[0].configSynonyms).toEqual([
      { configName: 'cleanup.policy', configValue: 'compact', configSource: 1 },
      { configName: 'log.cleanup.policy', configValue: 'delete', configSource: 5 },
    ]);

    // Groups: one with only committed offsets, one with a member.
    expect(await librdkafka('commit', 'js-simple', 'src', '1', '7')).toEqual(['COMMIT NO_ERROR']);
    const member = await join('js-active', 'src');
    const { groups } = await admin.listGroups();
    const mine = groups.filter((g) => g.groupId.startsWith('js-')).sort((a, b) => a.groupId.localeCompare(b.groupId));
    expect(mine).toEqual([
      { groupId: 'js-active', protocolType: 'consumer' },
      { groupId: 'js-simple', protocolType: '' },
    ]);
    const described = await admin.describeGroups(['js-active', 'js-simple', 'js-none']);
    const byId = new Map(described.groups.map((g) => [g.groupId, g]));
    expect(byId.get('js-active')).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocol: 'range' });
    const [m] = byId.get('js-active')!.members;
    expect(m).toMatchObject({ clientId: 'admin-check', clientHost: '/127.0.0.1' });
    expect(m.memberMetadata.length).toBeGreaterThan(0);
    expect(m.memberAssignment.length).toBeGreaterThan(0);
    expect(byId.get('js-simple')).toMatchObject({ state: 'Empty', protocolType: '', protocol: '', members: [] });
    expect(byId.get('js-none')).toMatchObject({ state: 'Dead', protocolType: '', members: [] });

    // setOffsets refuses a group with running members (kafkajs checks DescribeGroups' state).
    await expect(
      admin.setOffsets({ groupId: 'js-active', topic: 'src', partitions: [{ partition: 0, offset: '2' }] }),
    ).rejects.toThrow(/Stable/);
    await member.leave();

    expect(await admin.fetchOffsets({ groupId: 'js-simple', topics: ['src'] })).toEqual([
      {
        topic: 'src',
        partitions: [
          { partition: 0, offset: '-1', metadata: null },
          { partition: 1, offset: '7', metadata: null },
        ],
      },
    ]);
    // On an empty group setOffsets joins it as a consumer and commits.
    await admin.setOffsets({ groupId: 'js-simple', topic: 'src', partitions: [{ partition: 0, offset: '4' }] });
    const after = await admin.fetchOffsets({ groupId: 'js-simple', topics: ['src'] });
    expect(after[0].partitions.find((p) => p.partition === 0)?.offset).toBe('4');

    await admin.deleteTopics({ topics: ['js-topic', 'js-default'] });
    const topics = await admin.listTopics();
    expect(topics).not.toContain('js-topic');
    expect(topics).not.toContain('js-default');
  });

  test('raw answers: ControllerId, NOT_CONTROLLER, NOT_COORDINATOR, ValidateOnly, OffsetCommit generations', async () => {
    if (skip) return;
    await cluster.refreshMetadata();
    const controller = cluster.brokerPool.metadata.controllerId;
    expect(controller).toBe(1);
    const other = await cluster.findBroker({ nodeId: '2' });
    await expect(
      other.createTopics({ topics: [{ topic: 'raw-topic', numPartitions: 1, replicationFactor: 1 }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'NOT_CONTROLLER' })] });
    await expect(other.deleteTopics({ topics: ['src'] })).rejects.toMatchObject({ type: 'NOT_CONTROLLER' });

    const ctl = await cluster.findBroker({ nodeId: String(controller) });
    await ctl.createTopics({
      topics: [{ topic: 'raw-topic', numPartitions: 1, replicationFactor: 1 }],
      validateOnly: true,
    });
    expect(await admin.listTopics()).not.toContain('raw-topic');

    // DescribeGroups on a broker that does not coordinate the group (16, kafkajs' name for it).
    const coordinator = await cluster.findGroupCoordinator({ groupId: 'raw-group' });
    const nodeIds = [1, 2, 3].filter((id) => id !== coordinator.nodeId);
    const notCoordinator = await cluster.findBroker({ nodeId: String(nodeIds[0]) });
    await expect(notCoordinator.describeGroups({ groupIds: ['raw-group'] })).rejects.toMatchObject({
      type: 'NOT_COORDINATOR_FOR_GROUP',
    });

    // A commit with a generation to a group that does not exist: no such generation.
    const commit = (generation: number) =>
      coordinator.offsetCommit({
        groupId: 'raw-group',
        groupGenerationId: generation,
        memberId: '',
        topics: [{ topic: 'src', partitions: [{ partition: 0, offset: '1' }] }],
      });
    await expect(commit(3)).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
    await commit(-1);
    const listed = await librdkafka('list-groups');
    expect(listed).toContain('GROUP raw-group Empty 1');
  });

  test('DescribeConfigs v0: IsDefault instead of ConfigSource', async () => {
    if (skip) return;
    await mock.setTopicConfig('src', 'cleanup.policy', 'compact');
    await mock.command('apiversion 32 0 0');
    const v0 = new Kafka({
      clientId: 'kafka-mock-admin-v0',
      brokers: mock.brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await v0.connect();
    try {
      const res = await v0.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: 'src', configNames: ['cleanup.policy', 'retention.ms'] }],
      });
      expect(res.resources[0].configEntries).toEqual([
        expect.objectContaining({ configName: 'cleanup.policy', configValue: 'compact', isDefault: false }),
        expect.objectContaining({ configName: 'retention.ms', configValue: '604800000', isDefault: true }),
      ]);
    } finally {
      await v0.disconnect();
      await mock.command('apiversion 32 0 2');
    }
  });
});
