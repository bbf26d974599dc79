// What this suite proves, without servers: the pure parts of --create-topic and --restore-groups
// (retention decision, snapshot choice, group thresholds in the checkpoint and their translation).
import * as fs from 'fs';
import * as path from 'path';
import { newestSnapshot, snapshotRef, topicSnapshots } from '../../../cli/backup/snapshots';
import { Checkpoint, RestoreIdentity } from '../../../cli/restore/restore-checkpoint';
import { planGroups, thresholdsOf, translate } from '../../../cli/restore/restore-groups';
import {
  creationWarnings,
  oldestRestoredMs,
  retentionWouldDelete,
  topicCreation,
} from '../../../cli/restore/restore-topic';
import { snapshotKey } from '../../../contract/backup-format';
import { tempDir } from '../cli-fixture';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const DAY = 86_400_000;

describe('retention of a created topic', () => {
  test('raised when time retention is shorter than the oldest record, or not set; kept otherwise', () => {
    const old = NOW - 3 * DAY;
    expect(retentionWouldDelete({ 'retention.ms': String(DAY) }, old, NOW)).toBe(true);
    expect(retentionWouldDelete({ 'retention.ms': String(7 * DAY) }, old, NOW)).toBe(false);
    expect(retentionWouldDelete({ 'retention.ms': '-1' }, old, NOW)).toBe(false);
    // Not set: the broker's default, taken to be Kafka's 7 days.
    expect(retentionWouldDelete({}, old, NOW)).toBe(false);
    expect(retentionWouldDelete({}, NOW - 8 * DAY, NOW)).toBe(true);
    // Compaction only, or the broker's own timestamps: no time deletion of restored records.
    expect(retentionWouldDelete({ 'cleanup.policy': 'compact', 'retention.ms': String(DAY) }, old, NOW)).toBe(false);
    expect(retentionWouldDelete({ 'cleanup.policy': 'compact,delete', 'retention.ms': String(DAY) }, old, NOW)).toBe(
      true,
    );
    expect(
      retentionWouldDelete({ 'message.timestamp.type': 'LogAppendTime', 'retention.ms': String(DAY) }, old, NOW),
    ).toBe(false);
    // Nothing to restore: nothing to protect.
    expect(retentionWouldDelete({ 'retention.ms': '1' }, undefined, NOW)).toBe(false);
  });

  test('the oldest restored record: an hour before the first key hour, not before --from-time', () => {
    const hour = Date.UTC(2026, 11, 1, 10);
    expect(oldestRestoredMs([hour + 7_200_000, hour], undefined)).toBe(hour - 3_600_000);
    expect(oldestRestoredMs([hour], hour + 60_000)).toBe(hour + 60_000);
    expect(oldestRestoredMs([], undefined)).toBeUndefined();
  });

  test('the topic to create: snapshot values, the replication factor given, and the command to set retention back', () => {
    const snapshot = {
      version: 1 as const,
      topic: 'orders',
      takenAt: '2026-12-01T00:00:00.000Z',
      partitions: 6,
      replicationFactor: 3,
      configs: { 'retention.ms': String(DAY), 'cleanup.policy': 'delete' },
    };
    const raised = topicCreation('o2', 'b:9092', snapshot, 'k', 2, NOW - 2 * DAY, NOW);
    expect(raised).toEqual({
      topic: 'o2',
      partitions: 6,
      replicationFactor: 2,
      configs: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
      retentionRaisedFrom: String(DAY),
      resetRetentionCommand: `kafka-configs.sh --bootstrap-server b:9092 --alter --entity-type topics --entity-name o2 --add-config retention.ms=${DAY}`,
      snapshotKey: 'k',
      takenAt: snapshot.takenAt,
    });
    expect(snapshot.configs['retention.ms']).toBe(String(DAY));
    const kept = topicCreation('o2', 'b:9092', snapshot, 'k', undefined, NOW - 3_600_000, NOW);
    expect([kept.replicationFactor, kept.configs['retention.ms'], kept.retentionRaisedFrom]).toEqual([
      3,
      String(DAY),
      undefined,
    ]);
  });
});

describe('min.insync.replicas of a created topic', () => {
  test('lowered to a smaller replication factor (writes with acks=all would fail), with a warning; kept otherwise', () => {
    const snapshot = {
      version: 1 as const,
      topic: 'orders',
      takenAt: new Date(NOW).toISOString(),
      partitions: 3,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2', 'retention.ms': '-1' },
    };
    const one = topicCreation('o2', 'b:9092', snapshot, 'k', 1, NOW, NOW);
    expect([one.configs['min.insync.replicas'], one.minInsyncReplicasLoweredFrom]).toEqual(['1', '2']);
    expect(creationWarnings(one)).toEqual([
      'o2 is created with min.insync.replicas=1: the backed-up topic had 2, more than the replication factor 1, ' +
        'so every write with acks=all would fail (NOT_ENOUGH_REPLICAS)',
    ]);
    const same = topicCreation('o2', 'b:9092', snapshot, 'k', undefined, NOW, NOW);
    expect([same.configs['min.insync.replicas'], same.minInsyncReplicasLoweredFrom]).toEqual(['2', undefined]);
    expect(creationWarnings(same)).toEqual([]);
  });
});

describe('snapshot choice', () => {
  const key = (kind: 'groups' | 'topic-config', t: string) => snapshotKey('p/', 'ckafka-a1', 'orders', kind, t);
  const snapshots = topicSnapshots(
    [
      key('groups', '2026-12-01T12:00:00.000Z'),
      key('groups', '2026-12-01T00:00:00.000Z'),
      key('topic-config', '2026-11-30T00:00:00.000Z'),
      key('groups', '2026-12-02T00:00:00.000Z'),
    ].map((k) => snapshotRef(k)!),
  );

  test('the newest of a kind, at or before a time', () => {
    expect(newestSnapshot(snapshots, 'groups')?.key).toBe(key('groups', '2026-12-02T00:00:00.000Z'));
    expect(newestSnapshot(snapshots, 'groups', Date.parse('2026-12-01T12:00:00.000Z'))?.key).toBe(
      key('groups', '2026-12-01T12:00:00.000Z'),
    );
    expect(newestSnapshot(snapshots, 'groups', Date.parse('2026-11-30T23:59:59Z'))).toBeUndefined();
    expect(newestSnapshot(snapshots, 'topic-config')?.takenAtMs).toBe(Date.parse('2026-11-30T00:00:00.000Z'));
    expect(snapshotRef('p/ckafka-a1/orders/_state/groups/latest.json')).toBeUndefined();
  });
});

describe('group thresholds in the checkpoint', () => {
  const identity: RestoreIdentity = {
    source: { bucket: 'b-1250000000', prefix: '', instanceId: 'ckafka-a1', topic: 'orders' },
    target: { bootstrap: ['h:1'], topic: 'o2' },
    selection: {
      partitions: 'all',
      fromOffset: null,
      toOffset: null,
      fromTime: null,
      toTime: null,
      repartitionByKey: false,
    },
  };
  const plan = planGroups(
    {
      version: 1,
      topic: 'orders',
      takenAt: '2026-12-01T00:00:00.000Z',
      groups: { b: { '0': 5, '1': 100 }, a: { '0': 2, '3': 9 }, c: { '0': 5 } },
    },
    'k',
    'r-',
    [0, 1],
  );

  test('the plan: every group, partitions restored or left alone, thresholds per partition', () => {
    expect(plan.offsets).toEqual([
      { group: 'a', targetGroup: 'r-a', partition: 0, oldOffset: 2 },
      { group: 'b', targetGroup: 'r-b', partition: 0, oldOffset: 5 },
      { group: 'b', targetGroup: 'r-b', partition: 1, oldOffset: 100 },
      { group: 'c', targetGroup: 'r-c', partition: 0, oldOffset: 5 },
    ]);
    expect(plan.notRestored).toEqual([{ group: 'a', targetGroup: 'r-a', partition: 3, oldOffset: 9 }]);
    expect(thresholdsOf(plan)).toEqual(
      new Map([
        [0, new Set([2, 5])],
        [1, new Set([100])],
      ]),
    );
  });

  test('resolved by the first record at or after each threshold, saved and loaded; unresolved ones take the end', () => {
    const file = path.join(tempDir('dr-units'), 'c.json');
    const checkpoint = Checkpoint.create(
      file,
      identity,
      new Map([
        [0, 10],
        [1, 40],
      ]),
    );
    checkpoint.setGroupThresholds('k', thresholdsOf(plan));
    // Partition 0 restores offsets 4, 6, 8 (a compacted range) at target 10, 11, 12.
    checkpoint.resolveThresholds(0, 4, 10);
    checkpoint.markRestored(0, 0, 4);
    checkpoint.save();
    const resumed = Checkpoint.load(file, identity)!;
    expect(resumed.groups?.thresholds).toEqual({ '0': { '2': 10, '5': null }, '1': { '100': null } });
    resumed.resolveThresholds(0, 6, 11);
    resumed.resolveThresholds(0, 8, 12);
    resumed.markRestored(0, 0, 8);
    resumed.setTargetEndOffset(0, 13);
    // Partition 1 restores 0-49 at 40-89: the threshold 100 is past them.
    for (let o = 0; o < 50; o += 1) resumed.resolveThresholds(1, o, 40 + o);
    resumed.markRestored(1, 1, 49);
    resumed.setTargetEndOffset(1, 90);
    expect(translate(plan, resumed, (p) => resumed.hasRestored(p)).offsets).toEqual([
      { group: 'a', targetGroup: 'r-a', partition: 0, oldOffset: 2, newOffset: 10, atEnd: false },
      { group: 'b', targetGroup: 'r-b', partition: 0, oldOffset: 5, newOffset: 11, atEnd: false },
      { group: 'b', targetGroup: 'r-b', partition: 1, oldOffset: 100, newOffset: 90, atEnd: true },
      { group: 'c', targetGroup: 'r-c', partition: 0, oldOffset: 5, newOffset: 11, atEnd: false },
    ]);
    // A partition of which nothing was written is left alone.
    const fresh = Checkpoint.create(path.join(path.dirname(file), 'd.json'), identity, new Map([[0, 0]]));
    fresh.setGroupThresholds('k', thresholdsOf(plan));
    const none = translate(plan, fresh, (p) => fresh.hasRestored(p));
    expect([none.offsets, none.notRestored.map((o) => `${o.group}/${o.partition}`)]).toEqual([
      [],
      ['a/0', 'a/3', 'b/0', 'b/1', 'c/0'],
    ]);
    expect(fs.existsSync(file)).toBe(true);
  });
});
