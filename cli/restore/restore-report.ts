// What a restore tells its user at the end: per partition what was restored, skipped or found in
// the target already, and the gaps it ran across; text or one JSON document.
import type { Gap } from '../backup/coverage';
import type { PartitionReport } from './restore-copy';
import type { RestoreRequest } from './restore-request';
import { formatRanges, formatTable } from '../command-line/text-format';
import type { GroupsResult } from './restore-groups';
import type { TopicCreation, TopicOutcome } from './restore-topic';

/** What a restore run did, for the summary. */
export interface Outcome {
  instanceId: string;
  checkpointFile: string;
  /** The checkpoint said the restore was complete before this run: nothing was done. */
  completedBefore: boolean;
  foundInTarget: number;
  objectsRead: number;
  objectsSkipped: number;
  /** Gaps in the selected range (the restore ran across them with --allow-gaps). */
  gaps: PartitionGap[];
  reports: PartitionReport[];
  /** With --create-topic: the topic created (or to create), or the one that existed. */
  topic?: TopicOutcome;
  /** With --restore-groups: the groups' offsets, translated, and whether they were committed. */
  groups?: GroupsResult;
}

export type PartitionGap = Gap & { partition: number };

/** `offsets 500-999 (500, missing: no object between A and B)`. */
export function describeGap(gap: Gap): string {
  const reason =
    gap.kind === 'expired-before-backup'
      ? `expired-before-backup: deleted by retention before the backup read them, recorded in ${gap.marker}`
      : `missing: no object between ${gap.after} and ${gap.before}`;
  return `offsets ${formatRanges([gap])} (${gap.to - gap.from + 1}, ${reason})`;
}

/** The summary: text for people, or one JSON document with --json. */
export function report(request: Pick<RestoreRequest, 'source' | 'target' | 'dryRun'>, outcome: Outcome): void {
  const { source, target } = request;
  const { reports } = outcome;
  const { dryRun } = request;
  const sum = (field: 'restored' | 'alreadyRestored' | 'outsideRange' | 'duplicatesSkipped') =>
    reports.reduce((total, r) => total + r[field], 0);
  if (source.json) {
    const document = {
      dryRun,
      completed: true,
      source: { bucket: source.bucket, prefix: source.prefix, instanceId: outcome.instanceId, topic: source.topic },
      target: { bootstrap: target.bootstrap, topic: target.topic },
      checkpoint: dryRun ? null : outcome.checkpointFile,
      restored: sum('restored'),
      alreadyRestored: sum('alreadyRestored'),
      outsideRange: sum('outsideRange'),
      duplicatesSkipped: sum('duplicatesSkipped'),
      objectsRead: outcome.objectsRead,
      objectsSkipped: outcome.objectsSkipped,
      foundInTarget: outcome.foundInTarget,
      gaps: outcome.gaps.map((g) => ({
        partition: g.partition,
        from: g.from,
        to: g.to,
        kind: g.kind,
        after: g.after,
        before: g.before,
        marker: g.marker ?? null,
      })),
      partitions: reports,
      ...(outcome.topic ? topicJson(outcome.topic) : {}),
      ...(outcome.groups ? { groups: groupsJson(outcome.groups) } : {}),
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }
  if (outcome.completedBefore) {
    const lines = [
      outcome.groups?.committed
        ? `Nothing more to write: checkpoint ${outcome.checkpointFile} says every record of this restore is restored.`
        : `Nothing to do: checkpoint ${outcome.checkpointFile} says this restore completed. Delete it to restore the same range again.`,
    ];
    if (outcome.topic) lines.push(...topicLines(outcome.topic, target.bootstrap, dryRun));
    if (outcome.groups) lines.push(...groupLines(outcome.groups));
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  const lines = [
    ...(outcome.topic ? topicLines(outcome.topic, target.bootstrap, dryRun) : []),
    `${dryRun ? 'Dry run: would restore' : 'Restored'} ${sum('restored')} records of ${source.topic} into ${target.topic} on ${target.bootstrap}`,
  ];
  for (const r of reports) {
    const offsets =
      r.firstOffset === null ? 'nothing' : `offsets ${formatRanges([{ from: r.firstOffset, to: r.lastOffset! }])}`;
    lines.push(
      `  partition ${r.partition}: ${r.restored} records (${offsets}); already restored ${r.alreadyRestored}; outside the range ${r.outsideRange}`,
    );
  }
  if (sum('duplicatesSkipped') > 0)
    lines.push(
      `Skipped ${sum('duplicatesSkipped')} records that overlapping objects hold twice; each offset was written once.`,
    );
  for (const gap of outcome.gaps) {
    lines.push(`Gap in partition ${gap.partition}, not restored (--allow-gaps): ${describeGap(gap)}`);
  }
  if (outcome.objectsSkipped > 0) lines.push(`Skipped ${outcome.objectsSkipped} objects already restored.`);
  if (outcome.foundInTarget > 0)
    lines.push(
      `Found ${outcome.foundInTarget} records of an interrupted run in the target; they were not written again.`,
    );
  if (outcome.groups) lines.push(...groupLines(outcome.groups));
  if (!dryRun)
    lines.push(
      `Checkpoint ${outcome.checkpointFile}: running this command again writes nothing more; delete it to restore the same range again.`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `createdTopic` (null when the topic existed) and `existingTopic` (null when it was created), for --json. */
function topicJson(topic: TopicOutcome) {
  if (topic.kind === 'exists') {
    return {
      createdTopic: null,
      existingTopic: {
        partitions: topic.partitions,
        snapshotPartitions: topic.snapshotPartitions,
        snapshot: topic.snapshotKey,
      },
    };
  }
  const c = topic.creation;
  return {
    createdTopic: {
      topic: c.topic,
      created: topic.created,
      partitions: c.partitions,
      replicationFactor: c.replicationFactor,
      configs: c.configs,
      retentionRaised: c.retentionRaisedFrom !== undefined,
      retentionRaisedFrom: c.retentionRaisedFrom ?? null,
      resetRetentionCommand: c.resetRetentionCommand ?? null,
      minInsyncReplicasLoweredFrom: c.minInsyncReplicasLoweredFrom ?? null,
      snapshot: c.snapshotKey,
      snapshotTakenAt: c.takenAt,
    },
    existingTopic: null,
  };
}

/** ` (backed-up topic: <value>)` for a config the created topic takes differently from the snapshot. */
function backedUpValue(c: TopicCreation, name: string): string {
  if (name === 'retention.ms' && c.retentionRaisedFrom !== undefined)
    return ` (backed-up topic: ${c.retentionRaisedFrom ?? 'not set, broker default'})`;
  if (name === 'min.insync.replicas' && c.minInsyncReplicasLoweredFrom !== undefined)
    return ` (backed-up topic: ${c.minInsyncReplicasLoweredFrom})`;
  return '';
}

function topicLines(topic: TopicOutcome, bootstrap: string, dryRun: boolean): string[] {
  if (topic.kind === 'exists') {
    return [
      `Topic exists on ${bootstrap} with ${topic.partitions} partitions (the backed-up topic had ${topic.snapshotPartitions}): ` +
        'used as it is, its configuration not changed.',
    ];
  }
  const c = topic.creation;
  const configs = Object.keys(c.configs)
    .sort()
    .map((name) => `  ${name}=${c.configs[name]}${backedUpValue(c, name)}`);
  return [
    `${dryRun ? 'Dry run: would create' : 'Created'} topic ${c.topic} on ${bootstrap}: ${c.partitions} partitions, ` +
      `replication factor ${c.replicationFactor}, ${configs.length === 0 ? 'no configs of its own' : 'configs:'}`,
    ...configs,
    `  (from ${c.snapshotKey}, taken ${c.takenAt})`,
  ];
}

function groupsJson(groups: GroupsResult) {
  return {
    snapshot: groups.plan.snapshotKey,
    snapshotTakenAt: groups.plan.takenAt,
    groupPrefix: groups.plan.prefix,
    committed: groups.committed,
    committedBefore: groups.committedBefore ?? null,
    expected: groups.expected,
    offsets: groups.offsets,
    notRestored: groups.notRestored,
    activeGroups: groups.active.map((g) => ({ group: g.groupId, state: g.state, members: g.members })),
  };
}

function groupLines(groups: GroupsResult): string[] {
  const { plan } = groups;
  const verdict = groups.committedBefore
    ? `committed by an earlier run at ${groups.committedBefore}, not committed again`
    : groups.committed
      ? 'committed'
      : groups.expected
        ? 'would commit; NEW OFFSET is expected: where the record lands if nothing else writes to the target first'
        : 'NOT committed (active groups, see below)';
  const lines = [`Group offsets from ${plan.snapshotKey} (taken ${plan.takenAt}): ${verdict}`];
  if (groups.offsets.length === 0) lines.push('  no group has an offset on a restored partition');
  else {
    const rows = groups.offsets.map((o) => [
      o.group,
      o.targetGroup,
      String(o.partition),
      String(o.oldOffset),
      `${o.newOffset}${o.atEnd ? ' (end)' : ''}`,
    ]);
    const table = formatTable(
      ['GROUP', 'TARGET GROUP', 'PARTITION', 'OLD OFFSET', 'NEW OFFSET'],
      rows,
      new Set([2, 3]),
    );
    lines.push(...table.split('\n').map((l) => `  ${l}`));
    if (groups.offsets.some((o) => o.atEnd))
      lines.push(
        '  (end): no restored record is at or after the old offset; the group starts after the restored records',
      );
  }
  for (const o of groups.notRestored) {
    lines.push(
      `  left alone: ${o.group} partition ${o.partition} (offset ${o.oldOffset}): the restore writes nothing there`,
    );
  }
  for (const g of groups.active) {
    lines.push(`  active: ${g.groupId} is ${g.state} with ${g.members} member${g.members === 1 ? '' : 's'}`);
  }
  return lines;
}
