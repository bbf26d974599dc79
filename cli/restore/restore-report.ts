// What a restore tells its user at the end: per partition what was restored, skipped or found in
// the target already, and the gaps it ran across; text or one JSON document.
import type { Gap } from '../backup/coverage';
import type { PartitionReport } from './restore-copy';
import type { RestoreRequest } from './restore-request';
import { formatRanges } from '../command-line/text-format';

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
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }
  if (outcome.completedBefore) {
    process.stdout.write(
      `Nothing to do: checkpoint ${outcome.checkpointFile} says this restore completed. Delete it to restore the same range again.\n`,
    );
    return;
  }
  const lines = [
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
  if (!dryRun)
    lines.push(
      `Checkpoint ${outcome.checkpointFile}: running this command again writes nothing more; delete it to restore the same range again.`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
}
