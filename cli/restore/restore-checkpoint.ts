// The restore's checkpoint file: which source offsets already reached which target partition, so
// a restore that was killed or failed resumes without writing any record twice.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { topicPrefix } from '../../contract/backup-format';
import { UsageError } from '../command-line/usage-error';

/** What a restore is: the same identity means the same records to the same place. */
export interface RestoreIdentity {
  source: { bucket: string; prefix: string; instanceId: string; topic: string };
  target: { bootstrap: string[]; topic: string };
  selection: {
    partitions: number[] | 'all';
    fromOffset: string | null;
    toOffset: string | null;
    fromTime: number | null;
    toTime: number | null;
    repartitionByKey: boolean;
  };
}

/** The file's content. Offsets are Kafka offsets; maps are keyed by partition number. */
interface CheckpointFile {
  version: 1;
  identity: RestoreIdentity;
  createdAt: string;
  updatedAt: string;
  completed: boolean;
  /** Partitions of the target topic when the restore started (the key hash depends on it). */
  targetPartitions: number;
  /** Source partition -> target partition -> last source offset restored there. */
  restored: Record<string, Record<string, number>>;
  /** Target partition -> its end offset after the last produce this file accounts for. */
  targetEndOffsets: Record<string, number>;
  /** With --restore-groups: the offset translation, recorded as records are written. */
  groups?: GroupTranslationState;
}

/**
 * What --restore-groups needs to survive an interruption: the groups snapshot the restore
 * translates against (a resumed run uses the same one, even when newer ones appeared), and per
 * source partition each group's committed offset mapped to the target offset of the first
 * restored record at or after it (null while no such record is written).
 */
export interface GroupTranslationState {
  snapshotKey: string;
  /** Source partition -> committed offset -> target offset, or null. */
  thresholds: Record<string, Record<string, number | null>>;
  /** Set once the offsets were committed, so that running the command again does not move the groups back. */
  committed: { at: string; offsets: CommittedGroupOffset[] } | null;
  /** Target groups committed so far (a failure part way leaves the others for a rerun). */
  committedGroups?: string[];
}

/** One offset --restore-groups committed (or would commit). */
export interface CommittedGroupOffset {
  group: string;
  targetGroup: string;
  partition: number;
  /** The group's committed offset in the backed-up topic. */
  oldOffset: number;
  /** The offset committed in the target. */
  newOffset: number;
  /** True when no restored record is at or after oldOffset: newOffset is the end of the restored target partition. */
  atEnd: boolean;
}

/** `./.ckafka-cos-backup-restore-<hash>.json`: one file per identity, in the working directory. */
export function defaultCheckpointPath(identity: RestoreIdentity): string {
  const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
  return path.resolve(`.ckafka-cos-backup-restore-${hash}.json`);
}

/**
 * Progress of a restore, saved after every acknowledged produce call (acks=all): a record is
 * restored when its offset is at or below the last one recorded for its source and target
 * partition. Writes are atomic (temporary file + rename), so a kill leaves the old or the new
 * content, never a torn file.
 */
export class Checkpoint {
  /** Source partition -> its unresolved group thresholds, ascending (built from `content.groups`). */
  private pending = new Map<number, number[]>();

  private constructor(
    readonly file: string,
    private readonly content: CheckpointFile,
  ) {
    this.indexThresholds();
  }

  static create(file: string, identity: RestoreIdentity, targetEndOffsets: Map<number, number>): Checkpoint {
    const now = new Date().toISOString();
    return new Checkpoint(file, {
      version: 1,
      identity,
      createdAt: now,
      updatedAt: now,
      completed: false,
      targetPartitions: targetEndOffsets.size,
      restored: {},
      targetEndOffsets: Object.fromEntries([...targetEndOffsets].map(([p, o]) => [String(p), o])),
    });
  }

  /** The saved checkpoint of this identity, or undefined when there is none. */
  static load(file: string, identity: RestoreIdentity): Checkpoint | undefined {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new UsageError(`cannot read checkpoint ${file}: ${(error as Error).message}`);
    }
    let content: CheckpointFile;
    try {
      content = JSON.parse(text) as CheckpointFile;
      if (content.version !== 1 || typeof content.restored !== 'object' || typeof content.targetEndOffsets !== 'object')
        throw new Error('unknown format');
      if (
        content.groups !== undefined &&
        (typeof content.groups?.snapshotKey !== 'string' || typeof content.groups.thresholds !== 'object')
      )
        throw new Error('unknown format of groups');
    } catch (error) {
      throw new UsageError(
        `checkpoint ${file} is damaged (${(error as Error).message}): delete it to start the restore over`,
      );
    }
    if (JSON.stringify(content.identity) !== JSON.stringify(identity)) {
      throw new UsageError(
        `checkpoint ${file} belongs to another restore (${describe(content.identity)}): pass another --checkpoint, or delete it`,
      );
    }
    return new Checkpoint(file, content);
  }

  get completed(): boolean {
    return this.content.completed;
  }

  get targetPartitions(): number {
    return this.content.targetPartitions;
  }

  lastRestored(source: number, target: number): number {
    return this.content.restored[source]?.[target] ?? -1;
  }

  isRestored(source: number, target: number, offset: number): boolean {
    return offset <= this.lastRestored(source, target);
  }

  markRestored(source: number, target: number, offset: number): void {
    if (offset <= this.lastRestored(source, target)) return;
    (this.content.restored[source] ??= {})[target] = offset;
  }

  /** Where this checkpoint's knowledge of a target partition ends. */
  targetEndOffset(target: number): number {
    return this.content.targetEndOffsets[target] ?? 0;
  }

  setTargetEndOffset(target: number, offset: number): void {
    this.content.targetEndOffsets[target] = offset;
  }

  /** True when any record of the source partition was restored (by this run or an earlier one). */
  hasRestored(source: number): boolean {
    return Object.keys(this.content.restored[source] ?? {}).length > 0;
  }

  /** True when any record was restored at all. */
  get restoredAny(): boolean {
    return Object.keys(this.content.restored).some((p) => this.hasRestored(Number(p)));
  }

  get groups(): GroupTranslationState | undefined {
    return this.content.groups;
  }

  /** Starts recording the translation of these committed offsets (source partition -> offsets). */
  setGroupThresholds(snapshotKey: string, thresholds: Map<number, Iterable<number>>): void {
    const recorded: Record<string, Record<string, number | null>> = {};
    for (const [partition, offsets] of thresholds) {
      for (const offset of offsets) (recorded[partition] ??= {})[offset] = null;
    }
    this.content.groups = { snapshotKey, thresholds: recorded, committed: null };
    this.indexThresholds();
  }

  /**
   * A record of `source` with original offset `offset` is at `targetOffset` in the target: every
   * threshold of the partition at or below `offset` still open is the first restored record at or
   * after it. Records come in offset order per source partition, so the first call that reaches a
   * threshold resolves it.
   */
  resolveThresholds(source: number, offset: number, targetOffset: number): void {
    const open = this.pending.get(source);
    if (!open || open.length === 0 || open[0] > offset) return;
    const recorded = this.content.groups!.thresholds[source];
    while (open.length > 0 && open[0] <= offset) recorded[open.shift()!] = targetOffset;
  }

  /** True when a threshold of the partition waits for its record. */
  hasOpenThresholds(source: number): boolean {
    return (this.pending.get(source)?.length ?? 0) > 0;
  }

  groupCommitted(targetGroup: string): boolean {
    return this.content.groups?.committedGroups?.includes(targetGroup) ?? false;
  }

  markGroupCommitted(targetGroup: string): void {
    (this.content.groups!.committedGroups ??= []).push(targetGroup);
  }

  markGroupsCommitted(offsets: CommittedGroupOffset[]): void {
    this.content.groups!.committed = { at: new Date().toISOString(), offsets };
  }

  private indexThresholds(): void {
    this.pending = new Map();
    for (const [partition, offsets] of Object.entries(this.content.groups?.thresholds ?? {})) {
      const open = Object.entries(offsets)
        .filter(([, target]) => target === null)
        .map(([offset]) => Number(offset))
        .sort((a, b) => a - b);
      this.pending.set(Number(partition), open);
    }
  }

  markCompleted(): void {
    this.content.completed = true;
  }

  save(): void {
    this.content.updatedAt = new Date().toISOString();
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(this.content, null, 2)}\n`);
    fs.renameSync(temporary, this.file);
  }
}

function describe(identity: RestoreIdentity): string {
  const { source, target } = identity;
  return `cos://${source.bucket}/${topicPrefix(source.prefix, source.instanceId, source.topic)} to ${target.topic} on ${target.bootstrap.join(',')}`;
}
