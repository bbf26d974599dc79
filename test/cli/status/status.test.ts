// What this suite proves: `status` reports each partition's newest record time and age from
// metadata alone (no object download), the lag with --bootstrap, and a --max-age exit status fit
// for monitoring.
import { objectKey } from '../../../contract/backup-format';
import { BUCKET, INSTANCE, Peers, startPeers } from '../../support/backup-fixture';
import { produce } from '../../support/kcat';
import {
  LOCATION,
  at,
  backUpInRounds,
  cosEnv,
  putBackupObject,
  runCli,
  sourceRecords,
  testCos,
  variedRecord,
} from '../cli-fixture';

const TOPIC = 'fresh';
const PARTITIONS = 2;
const RECORDS = 300;
/** Records 10 ms apart from two minutes ago: fresh for --max-age 1h, stale for --max-age 30s. */
const BASE_TIME = Date.now() - 120_000;
/** Timestamp of the last record of each partition (record i goes to partition i % 2). */
const LAST_TIME = [BASE_TIME + (RECORDS - 2) * 10, BASE_TIME + (RECORDS - 1) * 10];

describe('status (bundled CLI against a backup written by the handler)', () => {
  let peers: Peers;
  let env: Record<string, string>;

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS }]);
    env = cosEnv(peers);
    // Two handler runs: two objects per partition, offsets 0-149 in each.
    await backUpInRounds(
      peers,
      TOPIC,
      Array.from({ length: RECORDS }, (_, i) => variedRecord(i, PARTITIONS, BASE_TIME)),
      2,
    );
  }, 120_000);
  afterAll(() => peers?.stop());

  test('text: last offset, exact newest record time and age per partition', async () => {
    const result = await runCli(['status', ...LOCATION], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^Backup cos:\/\/backup-1250000000\/kafka\/ckafka-test1234\/ at \d{4}-.*Z$/);
    const header = lines.find((l) => l.startsWith('TOPIC'))!;
    expect(header).toMatch(/^TOPIC\s+PARTITION\s+OBJECTS\s+LAST OFFSET\s+NEWEST RECORD\s+AGE$/);
    const rows = lines.filter((l) => l.startsWith(`${TOPIC} `));
    expect(rows).toHaveLength(PARTITIONS);
    rows.forEach((row, p) => {
      const time = new Date(LAST_TIME[p]).toISOString().replace(/[.]/g, '\\.');
      expect(row).toMatch(new RegExp(`^${TOPIC}\\s+${p}\\s+2\\s+149\\s+${time}\\s+\\d+m( \\d+s)?$`));
    });
    expect(result.stdout).not.toContain('approximate');
  });

  /** A snapshot as status reports it: its key under the topic's `_state/`, its time and age. */
  const snapshotOf = (topic: string, kind: 'groups' | 'topic-config') => ({
    key: expect.stringMatching(
      new RegExp(`^kafka/${INSTANCE}/${topic}/_state/${kind}/\\d{8}T\\d{6}\\.\\d{3}Z\\.json$`),
    ),
    takenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    ageSeconds: expect.any(Number),
  });

  test('--json: one document with the contract fields', async () => {
    const before = Date.now();
    const result = await runCli(['status', ...LOCATION, '--topic', TOPIC, '--json'], { env });
    expect(result).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const doc = JSON.parse(result.stdout);
    const age = (p: number) => Math.floor((before - LAST_TIME[p]) / 1000);
    expect(doc).toEqual({
      bucket: BUCKET,
      region: 'ap-guangzhou',
      prefix: 'kafka/',
      instanceId: INSTANCE,
      topics: [
        {
          topic: TOPIC,
          partitions: [0, 1].map((p) => ({
            partition: p,
            objects: 2,
            lastOffset: 149,
            newestRecordTime: new Date(LAST_TIME[p]).toISOString(),
            newestRecordAgeSeconds: expect.any(Number),
            exact: true,
            endOffset: null,
            lag: null,
          })),
          // The handler's disaster-recovery snapshots, each as its key names it.
          snapshots: {
            groups: snapshotOf(TOPIC, 'groups'),
            topicConfig: snapshotOf(TOPIC, 'topic-config'),
          },
        },
      ],
      maxAgeSeconds: null,
      stale: [],
    });
    for (const p of [0, 1]) {
      const seconds = doc.topics[0].partitions[p].newestRecordAgeSeconds;
      expect(seconds).toBeGreaterThanOrEqual(age(p));
      expect(seconds).toBeLessThan(age(p) + 60);
    }

    // Without --topic, every topic of the instance (here the one): the same, with summaries.
    const all = JSON.parse((await runCli(['status', ...LOCATION, '--json'], { env })).stdout);
    const leastFresh = {
      partition: 0,
      newestRecordTime: new Date(LAST_TIME[0]).toISOString(),
      newestRecordAgeSeconds: expect.any(Number),
      exact: true,
    };
    expect(all).toEqual({
      ...doc,
      topics: [
        {
          topic: TOPIC,
          summary: { partitions: 2, objects: 4, leastFresh, stale: null, lag: null },
          partitions: doc.topics[0].partitions.map((p: object) =>
            expect.objectContaining({ ...p, newestRecordAgeSeconds: expect.any(Number) }),
          ),
          snapshots: { groups: snapshotOf(TOPIC, 'groups'), topicConfig: snapshotOf(TOPIC, 'topic-config') },
        },
      ],
      summary: {
        topics: 1,
        partitions: 2,
        objects: 4,
        leastFresh: { topic: TOPIC, ...leastFresh },
        staleTopics: [],
        lag: null,
      },
      emptyTopics: [],
    });
  });

  test('--max-age: exit 1 listing the stale partitions, exit 0 when all are fresh', async () => {
    const stale = await runCli(['status', ...LOCATION, '--max-age', '30s'], { env });
    expect(stale.stderr).toBe('');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/^stale {4}fresh\/0: newest backed-up record .* older than --max-age 30s$/m);
    expect(stale.stdout).toMatch(/^stale {4}fresh\/1: /m);
    expect(stale.stdout).toContain('STALE: 2 of 2 partitions have no backed-up record newer than 30s');
    const json = await runCli(['status', ...LOCATION, '--max-age', '30s', '--json'], { env });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.maxAgeSeconds).toBe(30);
    expect(doc.stale).toEqual(
      [0, 1].map((p) => ({
        topic: TOPIC,
        partition: p,
        newestRecordTime: new Date(LAST_TIME[p]).toISOString(),
        newestRecordAgeSeconds: expect.any(Number),
        exact: true,
      })),
    );

    for (const maxAge of ['1h', '1h30m', '2d']) {
      const fresh = await runCli(['status', ...LOCATION, '--max-age', maxAge], { env });
      expect(fresh).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
      expect(fresh.stdout).toMatch(/OK: every partition has a backed-up record newer than (1h|1h 30m|2d)$/m);
    }
  });

  test('--max-age 5x is a usage error naming the option, the value and the rule', async () => {
    for (const bad of ['5x', '30', '0m', '-5m']) {
      const result = await runCli(['status', ...LOCATION, '--max-age', bad], { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`--max-age "${bad}" must be a duration`);
      expect(result.stderr).toContain('s, m, h or d');
    }
  });

  test('makes no GET of an object: one LIST and one HEAD per partition', async () => {
    const from = peers.cos.requests.length;
    const named = ['--instance-id', INSTANCE, '--topic', TOPIC];
    const result = await runCli(['status', ...LOCATION, ...named, '--json'], { env });
    expect(result.code).toBe(0);
    const requests = peers.cos.requests.slice(from).map((r) => ({ method: r.method, key: r.key }));
    // Every key (4 objects, 2 _state/ keys) fits in one listing page.
    expect(requests.filter((r) => r.method === 'GET' && r.key === '')).toHaveLength(1);
    expect(requests.filter((r) => r.method === 'GET' && r.key !== '')).toEqual([]);
    const heads = requests.filter((r) => r.method === 'HEAD');
    expect(heads).toHaveLength(PARTITIONS);
    // The HEADs are of the last object of each partition.
    const keys = (await peers.cos.listObjects(BUCKET, 'kafka/')).map((o) => o.key).filter((k) => k.endsWith('.gz'));
    const lastOf = (p: number) => keys.filter((k) => k.includes(`/partition=${p}/`)).sort()[1];
    expect(heads.map((h) => h.key).sort()).toEqual([lastOf(0), lastOf(1)].sort());
    expect(requests).toHaveLength(1 + PARTITIONS);

    // Without them, one LIST (delimiter /) finds the instance under the prefix and one its topics.
    const found = peers.cos.requests.length;
    expect((await runCli(['status', ...LOCATION, '--json'], { env })).code).toBe(0);
    const lists = peers.cos.requests.slice(found).filter((r) => r.method === 'GET' && r.key === '');
    expect(lists.map((r) => [r.query.prefix, r.query.delimiter])).toEqual([
      ['kafka/', '/'],
      [`kafka/${INSTANCE}/`, '/'],
      [`kafka/${INSTANCE}/${TOPIC}/`, undefined],
    ]);
    expect(peers.cos.requests.slice(found).filter((r) => r.method !== 'HEAD' && r.key !== '')).toEqual([]);
  });

  test('an older backup without last-timestamp: the key hour, marked approximate', async () => {
    const cos = testCos(peers);
    const hour = Date.UTC(2024, 0, 15, 22);
    // As handlers wrote objects before last-timestamp existed.
    await putBackupObject(cos, 'old/', sourceRecords(TOPIC, 0, 0, 9, hour + 60_000));
    await putBackupObject(cos, 'old/', sourceRecords(TOPIC, 0, 10, 19, hour + 60_000));
    const text = await runCli(['status', ...at('old/'), '--max-age', '1h'], { env });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^fresh\s+0\s+2\s+19\s+~2024-01-15 22:00Z\s+\d+d( \d+h)?$/m);
    expect(text.stdout).toContain('~ approximate');
    expect(text.stdout).toMatch(/^stale {4}fresh\/0: newest backed-up record ~2024-01-15 22:00Z \(approximate\)/m);
    const doc = JSON.parse((await runCli(['status', ...at('old/'), '--json'], { env })).stdout);
    expect(doc.topics[0].partitions).toEqual([
      {
        partition: 0,
        objects: 2,
        lastOffset: 19,
        newestRecordTime: '2024-01-15T22:00:00.000Z',
        newestRecordAgeSeconds: expect.any(Number),
        exact: false,
        endOffset: null,
        lag: null,
      },
    ]);
  });

  test('a last object without offset metadata: named as such (damaged, foreign or being written), not as an older object', async () => {
    const cos = testCos(peers);
    const hour = Date.UTC(2024, 0, 15, 22);
    await putBackupObject(cos, 'foreign/', sourceRecords(TOPIC, 0, 0, 9, hour + 60_000), { next: 10 });
    // Bytes that are no backup object, at the key of the next one: no offset metadata.
    const garbage = objectKey({
      prefix: 'foreign/',
      instanceId: INSTANCE,
      topic: TOPIC,
      partition: 0,
      startOffset: 10,
      firstTimestampMs: hour + 70_000,
    });
    await cos.putObject({ bucket: BUCKET, key: garbage, body: Buffer.from('not a backup object\n') });

    const text = await runCli(['status', ...at('foreign/'), '--max-age', '1h'], { env });
    expect([text.code, text.stderr]).toEqual([1, '']);
    expect(text.stdout).toMatch(/^fresh\s+0\s+2\s+-\s+~2024-01-15 22:00Z\s+\d+d( \d+h)?$/m);
    // Not blamed on an older handler: what the object is, and what to do.
    expect(text.stdout).not.toContain('approximate');
    expect(text.stdout).not.toContain('written before it existed');
    expect(text.stdout).toContain(
      `no offset metadata: the last object of fresh/0 has none (first-offset, last-offset, record-count): ${garbage}`,
    );
    expect(text.stdout).toMatch(/damaged, not written by the backup, or still being written.*run verify/);
    expect(text.stdout).toMatch(
      /^stale {4}fresh\/0: newest backed-up record ~2024-01-15 22:00Z \(the key's hour of a last object without offset metadata\) is /m,
    );
    // JSON as before: no last offset, the key's hour (exact false).
    const doc = JSON.parse((await runCli(['status', ...at('foreign/'), '--json'], { env })).stdout);
    expect(doc.topics[0].partitions).toEqual([
      expect.objectContaining({ partition: 0, objects: 2, lastOffset: null, exact: false }),
    ]);
    // With an older object that has offset metadata but no last-timestamp, both are told apart.
    await putBackupObject(cos, 'foreign/', sourceRecords(TOPIC, 1, 0, 9, hour + 60_000));
    const both = await runCli(['status', ...at('foreign/')], { env });
    expect(both.stdout).toContain('~ approximate: the last object has no last-timestamp metadata');
    expect(both.stdout).toContain(`no offset metadata: the last object of fresh/0 has none`);
    expect(both.stdout).not.toContain('fresh/1 has none');
  });

  test('--bootstrap: end offsets and lag; an unreachable cluster is a warning', async () => {
    // Five records the handler has not backed up yet, in partition 0.
    await produce(
      peers.kafka.bootstrap,
      TOPIC,
      Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: Buffer.from(`late ${i}`) })),
    );
    const json = await runCli(['status', ...LOCATION, '--bootstrap', peers.kafka.bootstrap, '--json'], { env });
    expect(json).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    const partitions = JSON.parse(json.stdout).topics[0].partitions;
    expect(partitions.map((p: { endOffset: number; lag: number }) => [p.endOffset, p.lag])).toEqual([
      [155, 5],
      [150, 0],
    ]);
    const text = await runCli(['status', ...LOCATION, '--bootstrap', peers.kafka.bootstrap], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^TOPIC\s+PARTITION\s+OBJECTS\s+LAST OFFSET\s+NEWEST RECORD\s+AGE\s+END OFFSET\s+LAG$/m,
    );
    expect(text.stdout).toMatch(/^fresh\s+0\s+2\s+149\s+\S+\s+.+\s155\s+5$/m);
    expect(text.stdout).toMatch(/^fresh\s+1\s+2\s+149\s+\S+\s+.+\s150\s+0$/m);

    const down = await runCli(['status', ...LOCATION, '--bootstrap', '127.0.0.1:1', '--json'], { env });
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/warning: cannot reach Kafka at 127\.0\.0\.1:1 .*end offsets and lag are left out/);
    const doc = JSON.parse(down.stdout);
    expect(doc.topics[0].partitions.map((p: { lastOffset: number; lag: null }) => [p.lastOffset, p.lag])).toEqual([
      [149, null],
      [149, null],
    ]);
  });
});
