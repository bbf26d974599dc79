// `restore --create-topic`: the target topic made from the backup's topic-config snapshot, with
// time retention raised where the broker would otherwise delete the restored records.
import type { TopicConfigSnapshot } from '../../contract/backup-format';
import { KafkaClient, TopicNotFoundError } from '../../clients/kafka';
import { UsageError } from '../command-line/usage-error';

/** The topic --create-topic creates (or would, in a dry run). */
export interface TopicCreation {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** What the topic is created with: the snapshot's configs, retention.ms replaced when raised. */
  configs: Record<string, string>;
  /**
   * Set when the topic is created with `retention.ms=-1` instead of the snapshot's: the
   * snapshot's value, or null when the snapshot has none (the broker's default, which the CLI
   * cannot know; Kafka's 7 days was assumed). Undefined when retention was left as the snapshot says.
   */
  retentionRaisedFrom?: string | null;
  /** The command that sets retention back, once consumers have read the restored records. */
  resetRetentionCommand?: string;
  /**
   * Set when the created topic's `min.insync.replicas` was lowered to its replication factor
   * (the snapshot's value): with fewer replicas than that, every write with acks=all would fail.
   */
  minInsyncReplicasLoweredFrom?: string;
  /** The topic-config snapshot it comes from. */
  snapshotKey: string;
  takenAt: string;
}

/** What --create-topic found or did: a topic created (or to create), or one that exists already. */
export type TopicOutcome =
  | { kind: 'create'; creation: TopicCreation; created: boolean }
  | { kind: 'exists'; partitions: number; snapshotPartitions: number; snapshotKey: string };

const HOUR_MS = 3_600_000;

/**
 * The topic to create from a snapshot. `oldestMs` is the earliest timestamp a restored record can
 * have (undefined: nothing to restore); `nowMs` the time to judge retention against.
 */
export function topicCreation(
  topic: string,
  bootstrap: string,
  snapshot: TopicConfigSnapshot,
  snapshotKey: string,
  replicationFactor: number | undefined,
  oldestMs: number | undefined,
  nowMs: number,
): TopicCreation {
  const configs = { ...snapshot.configs };
  const creation: TopicCreation = {
    topic,
    partitions: snapshot.partitions,
    replicationFactor: replicationFactor ?? snapshot.replicationFactor,
    configs,
    snapshotKey,
    takenAt: snapshot.takenAt,
  };
  const minInsync = Number(configs['min.insync.replicas']);
  if (Number.isSafeInteger(minInsync) && minInsync > creation.replicationFactor) {
    configs['min.insync.replicas'] = String(creation.replicationFactor);
    creation.minInsyncReplicasLoweredFrom = String(minInsync);
  }
  if (retentionWouldDelete(snapshot.configs, oldestMs, nowMs)) {
    const from = snapshot.configs['retention.ms'] ?? null;
    configs['retention.ms'] = '-1';
    creation.retentionRaisedFrom = from;
    const change = from === null ? '--delete-config retention.ms' : `--add-config retention.ms=${from}`;
    creation.resetRetentionCommand = `kafka-configs.sh --bootstrap-server ${bootstrap} --alter --entity-type topics --entity-name ${topic} ${change}`;
  }
  return creation;
}

/** Kafka's default `log.retention.hours` (168): what a topic without `retention.ms` is taken to keep. */
export const KAFKA_DEFAULT_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * True when time retention could delete restored records soon after they are written: the topic
 * deletes by time (`cleanup.policy` includes `delete`, the default), keeps the records' own
 * timestamps (not `LogAppendTime`), and its `retention.ms` is shorter than the age of the oldest
 * restored record. A topic without `retention.ms` of its own has the broker's default, which the
 * snapshot does not hold: Kafka's 7 days is assumed. `retention.bytes` deletes by size, not by
 * age: left alone.
 */
export function retentionWouldDelete(
  configs: Readonly<Record<string, string>>,
  oldestMs: number | undefined,
  nowMs: number,
): boolean {
  if (oldestMs === undefined) return false;
  const policies = (configs['cleanup.policy'] ?? 'delete').split(',').map((p) => p.trim());
  if (!policies.includes('delete')) return false;
  if (configs['message.timestamp.type'] === 'LogAppendTime') return false;
  const retention = configs['retention.ms'];
  const ms = retention === undefined ? KAFKA_DEFAULT_RETENTION_MS : Number(retention);
  if (!Number.isFinite(ms) || ms < 0) return false;
  return oldestMs < nowMs - ms;
}

/**
 * The earliest timestamp a restored record can have, from the plan: the key hour of the first
 * object read per partition, an hour earlier (producers' timestamps are taken to run back by up
 * to an hour within a partition, as for time ranges), and not before --from-time.
 */
export function oldestRestoredMs(firstHours: number[], fromTime: number | undefined): number | undefined {
  if (firstHours.length === 0) return undefined;
  const earliest = Math.min(...firstHours) - HOUR_MS;
  return fromTime === undefined ? earliest : Math.max(earliest, fromTime);
}

/**
 * Makes sure the target topic is there: creates it (unless a dry run) when it does not exist; an
 * existing topic with at least the snapshot's partitions is used as it is (its configuration is
 * not changed), one with fewer is refused.
 */
export async function ensureTopic(
  kafka: KafkaClient,
  creation: TopicCreation,
  bootstrap: string,
  dryRun: boolean,
): Promise<TopicOutcome> {
  const existing = await partitionCount(kafka, creation.topic);
  if (existing !== undefined) {
    if (existing < creation.partitions) {
      throw new UsageError(
        `target topic "${creation.topic}" exists on ${bootstrap} with ${existing} partitions, fewer than the ` +
          `${creation.partitions} of the backed-up topic (${creation.snapshotKey}): --create-topic does not change ` +
          'an existing topic. Add partitions to it (kafka-topics.sh --alter --partitions ' +
          `${creation.partitions}), restore into a new --to-topic, or leave --create-topic out and choose --partitions`,
      );
    }
    return {
      kind: 'exists',
      partitions: existing,
      snapshotPartitions: creation.partitions,
      snapshotKey: creation.snapshotKey,
    };
  }
  if (!dryRun) {
    try {
      await kafka.createTopic({
        topic: creation.topic,
        partitions: creation.partitions,
        replicationFactor: creation.replicationFactor,
        configs: creation.configs,
      });
    } catch (error) {
      throw new Error(
        `creating topic ${creation.topic} on ${bootstrap} (${creation.partitions} partitions, replication factor ` +
          `${creation.replicationFactor}) failed: ${(error as Error).message}` +
          (/REPLICATION/i.test((error as Error).message) ? '; choose another --replication-factor' : ''),
        { cause: error },
      );
    }
    await waitForPartitions(kafka, creation.topic, creation.partitions, bootstrap);
  }
  return { kind: 'create', creation, created: !dryRun };
}

async function partitionCount(kafka: KafkaClient, topic: string): Promise<number | undefined> {
  try {
    return (await kafka.listPartitions(topic)).length;
  } catch (error) {
    if (error instanceof TopicNotFoundError) return undefined;
    throw error;
  }
}

/** A new topic's metadata can take a moment to reach every broker. */
async function waitForPartitions(kafka: KafkaClient, topic: string, partitions: number, bootstrap: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    let count: number | undefined;
    try {
      count = await partitionCount(kafka, topic);
    } catch {
      count = undefined;
    }
    if (count !== undefined && count >= partitions) return;
    if (Date.now() > deadline) {
      throw new Error(
        `topic ${topic} was created on ${bootstrap} but its ${partitions} partitions did not show up within 30 s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What the created topic takes differently from the snapshot, and why: for the text output. */
export function creationWarnings(creation: TopicCreation): string[] {
  const warnings: string[] = [];
  if (creation.minInsyncReplicasLoweredFrom !== undefined) {
    warnings.push(
      `${creation.topic} is created with min.insync.replicas=${creation.configs['min.insync.replicas']}: the ` +
        `backed-up topic had ${creation.minInsyncReplicasLoweredFrom}, more than the replication factor ` +
        `${creation.replicationFactor}, so every write with acks=all would fail (NOT_ENOUGH_REPLICAS)`,
    );
  }
  const retention = retentionWarning(creation);
  if (retention) warnings.push(retention);
  return warnings;
}

/** `retention.ms=-1 (the backup's 604800000 would delete restored records; ...)`. */
function retentionWarning(creation: TopicCreation): string | undefined {
  if (creation.retentionRaisedFrom === undefined) return undefined;
  const was =
    creation.retentionRaisedFrom === null
      ? "the backed-up topic had no retention.ms of its own (the broker's default applied; Kafka's is 7 days), and restored records are older than 7 days"
      : `the backed-up topic had retention.ms=${creation.retentionRaisedFrom}, and restored records are older than that`;
  return (
    `${creation.topic} is created with retention.ms=-1 (no time limit): ${was}, so the broker would delete restored ` +
    `records soon after writing them. Once consumers have read them, set it back: ${creation.resetRetentionCommand}`
  );
}
