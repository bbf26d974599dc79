// ls and status show the disaster recovery snapshots the backup recorded per topic (topic
// configuration, consumer group offsets); backups without them read as before.
import type { CosClient } from '../../clients/cos/cos-client';
import { Peers, startPeers } from '../support/backup-fixture';
import { at, cosEnv, putBackupObject, putSnapshot, runCli, sourceRecords, testCos } from './cli-fixture';

const BASE_TIME = Date.UTC(2026, 10, 24, 22, 0, 0);

describe('snapshots in ls and status (bundled CLI, local COS)', () => {
  let peers: Peers;
  let env: Record<string, string>;
  let cos: CosClient;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    peers = await startPeers([{ name: 'orders', partitions: 1 }], 1);
    env = cosEnv(peers);
    cos = testCos(peers);
    await putBackupObject(cos, 'snap/', sourceRecords('orders', 0, 0, 99, BASE_TIME));
    await putBackupObject(cos, 'snap/', sourceRecords('payments', 0, 0, 9, BASE_TIME));
    const config = (takenAt: string, retention: string) =>
      putSnapshot(cos, 'snap/', {
        version: 1,
        topic: 'orders',
        takenAt,
        partitions: 4,
        replicationFactor: 3,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': retention },
      });
    keys.configOld = await config('2026-11-24T10:00:00.000Z', '86400000');
    keys.config = await config('2026-11-25T10:00:00.000Z', '604800000');
    keys.groupsOld = await putSnapshot(cos, 'snap/', {
      version: 1,
      topic: 'orders',
      takenAt: '2026-11-24T23:00:00.000Z',
      groups: { billing: { '0': 10 } },
    });
    keys.groups = await putSnapshot(cos, 'snap/', {
      version: 1,
      topic: 'orders',
      takenAt: '2026-11-25T23:00:00.000Z',
      groups: { search: { '0': 90 }, billing: { '0': 50 } },
    });
  }, 60_000);
  afterAll(() => peers?.stop());

  test('ls: the newest groups snapshot (ids, time, age) and topic-config snapshot per topic, in text and --json', async () => {
    const text = await runCli(['ls', ...at('snap/'), '--topic', 'orders'], { env });
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(text.stdout).toMatch(
      /\ngroups {3}orders: 2 groups \(billing, search\) in the newest groups snapshot, 2026-11-25T23:00:00\.000Z, \d+d( \d+h)? old \(2 snapshots recorded\)\n/,
    );
    expect(text.stdout).toMatch(
      /\nconfig {3}orders: 4 partitions, replication factor 3, cleanup\.policy=delete, retention\.ms=604800000 \(newest of 2 topic-config snapshots, 2026-11-25T10:00:00\.000Z, \d+d( \d+h)? old\)\n/,
    );

    const doc = JSON.parse((await runCli(['ls', ...at('snap/'), '--json'], { env })).stdout);
    const [orders, payments] = doc.topics;
    expect(orders.snapshots).toEqual({
      groups: {
        key: keys.groups,
        takenAt: '2026-11-25T23:00:00.000Z',
        ageSeconds: expect.any(Number),
        groupIds: ['billing', 'search'],
        snapshots: 2,
      },
      topicConfig: {
        key: keys.config,
        takenAt: '2026-11-25T10:00:00.000Z',
        ageSeconds: expect.any(Number),
        partitions: 4,
        replicationFactor: 3,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
        snapshots: 2,
      },
    });
    expect(orders.snapshots.groups.ageSeconds).toBeGreaterThan((Date.now() - Date.parse('2026-11-26')) / 1000 - 60);
    // A topic without snapshots has no field for them, as before.
    expect(Object.keys(payments)).toEqual(['topic', 'summary', 'partitions']);
    // Without --topic, the lines come before the topic's summary line.
    const grouped = (await runCli(['ls', ...at('snap/')], { env })).stdout;
    expect(grouped).toMatch(/\ngroups {3}orders: [^\n]+\nconfig {3}orders: [^\n]+\ntopic {4}orders: /);
  });

  test('status: the age of the newest groups snapshot, from its key', async () => {
    const text = await runCli(['status', ...at('snap/'), '--topic', 'orders'], { env });
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(text.stdout).toMatch(
      /\ngroups {3}orders: newest groups snapshot 2026-11-25T23:00:00\.000Z, \d+d( \d+h)? old\n/,
    );
    const doc = JSON.parse((await runCli(['status', ...at('snap/'), '--json'], { env })).stdout);
    expect(doc.topics[0].snapshots).toEqual({
      groups: { key: keys.groups, takenAt: '2026-11-25T23:00:00.000Z', ageSeconds: expect.any(Number) },
      topicConfig: { key: keys.config, takenAt: '2026-11-25T10:00:00.000Z', ageSeconds: expect.any(Number) },
    });
    expect(doc.topics[1].snapshots).toBeUndefined();
    const grouped = (await runCli(['status', ...at('snap/')], { env })).stdout;
    expect(grouped).toMatch(/\ngroups {3}orders: newest groups snapshot [^\n]+\ntopic {4}orders: /);
  });

  test('a damaged snapshot is an error that names its key', async () => {
    await putBackupObject(cos, 'bad-snap/', sourceRecords('orders', 0, 0, 9, BASE_TIME));
    const key = await putSnapshot(cos, 'bad-snap/', {
      version: 1,
      topic: 'orders',
      takenAt: '2026-11-25T23:00:00.000Z',
      groups: {},
    });
    await cos.putObject({ bucket: 'backup-1250000000', key, body: Buffer.from('{"version":1,') });
    const ls = await runCli(['ls', ...at('bad-snap/'), '--topic', 'orders'], { env });
    expect(ls.code).toBe(1);
    expect(ls.stderr).toContain(`ckafka-cos-backup: error: ${key}: not a snapshot (invalid JSON`);
  });
});
