// The restore command's options, parsed once at its edge into what a restore needs: the backup
// and topic it reads, the records it selects, the cluster and topic it writes to, and how.
// Everything that needs no network is checked here, so a bad option fails before any request.
import type { CompressionName, KafkaConnectionConfig } from '../../clients/kafka';
import type { CommonOptions } from '../backup/backup-options';
import { parsePositiveNumber } from '../command-line/option-parsers';
import { UsageError } from '../command-line/usage-error';
import { parseSelection, RangeOptions, Selection } from './restore-plan';
import { targetConnection, TargetOptions } from './restore-target';

/** The options as commander hands them over. */
export interface RestoreOptions extends CommonOptions, RangeOptions, TargetOptions {
  topic: string;
  repartitionByKey?: boolean;
  rateLimit?: string;
  dryRun?: boolean;
  checkpoint?: string;
  allowDuplicates?: boolean;
  allowGaps?: boolean;
  intoSource?: boolean;
  idempotent: boolean;
  maxLineBytes: number;
  createTopic?: boolean;
  replicationFactor?: string;
  restoreGroups?: boolean;
  groupPrefix?: string;
}

/** One restore, as the options describe it. */
export interface RestoreRequest {
  /** Where the backup is, and the topic restored from it. */
  readonly source: CommonOptions & { readonly topic: string };
  readonly selection: Selection;
  readonly target: {
    readonly topic: string;
    /** --to-bootstrap as given, for messages. */
    readonly bootstrap: string;
    readonly connection: KafkaConnectionConfig;
    readonly idempotent: boolean;
    readonly compression: CompressionName;
  };
  /** Records per second, at most. */
  readonly rateLimit?: number;
  readonly dryRun: boolean;
  readonly repartitionByKey: boolean;
  /** --checkpoint as given (the default path depends on what the backup holds). */
  readonly checkpoint?: string;
  readonly allowDuplicates: boolean;
  readonly allowGaps: boolean;
  readonly maxLineBytes: number;
  readonly json: boolean;
  /** --create-topic: create the target from the backup's topic-config snapshot; a replication factor given overrides the snapshot's. */
  readonly createTopic?: { readonly replicationFactor?: number };
  /** --restore-groups: commit the backed-up groups' offsets, translated, under `prefix` + the original id. */
  readonly restoreGroups?: { readonly prefix: string };
}

/** Largest replication factor Kafka takes (an int16). */
const MAX_REPLICATION_FACTOR = 32767;

export function parseRestoreOptions(options: RestoreOptions): RestoreRequest {
  const selection = parseSelection(options);
  const rateLimit =
    options.rateLimit === undefined ? undefined : parsePositiveNumber('--rate-limit', options.rateLimit);
  const connection = targetConnection(options);
  if (options.toTopic === options.topic && !options.intoSource) {
    throw new UsageError(
      `--to-topic "${options.toTopic}" is the topic this backup is of: it may be the source topic itself, and restoring ` +
        'into it writes every record a second time after the originals (the backup does not record which cluster it ' +
        'came from, so a topic of the same name counts as the source). Choose another --to-topic, or pass ' +
        '--into-source to write into it anyway',
    );
  }
  if (options.replicationFactor !== undefined && !options.createTopic) {
    throw new UsageError(
      `--replication-factor ${options.replicationFactor} is for the topic --create-topic creates: pass --create-topic too, or leave it out`,
    );
  }
  const replicationFactor =
    options.replicationFactor === undefined ? undefined : parseReplicationFactor(options.replicationFactor);
  if (options.groupPrefix !== undefined && !options.restoreGroups) {
    throw new UsageError(
      `--group-prefix "${options.groupPrefix}" names the groups --restore-groups commits: pass --restore-groups too, or leave it out`,
    );
  }
  if (options.restoreGroups) {
    const moved = partitionMovingOption(options);
    if (moved) {
      throw new UsageError(
        `--restore-groups cannot be combined with ${moved}: records then change partitions, so a group's offset on a ` +
          "partition has no single place in the target. Restore the groups' offsets by hand " +
          '(kafka-consumer-groups.sh --reset-offsets), or restore without ' +
          moved,
      );
    }
  }
  const { bucket, region, prefix, instanceId, topic, profile, json } = options;
  return {
    source: { bucket, region, prefix, instanceId, topic, profile, json },
    selection,
    target: {
      topic: options.toTopic,
      bootstrap: options.toBootstrap,
      connection,
      idempotent: options.idempotent,
      compression: options.compression,
    },
    rateLimit,
    dryRun: options.dryRun === true,
    repartitionByKey: options.repartitionByKey === true,
    checkpoint: options.checkpoint,
    allowDuplicates: options.allowDuplicates === true,
    allowGaps: options.allowGaps === true,
    maxLineBytes: options.maxLineBytes,
    json: options.json === true,
    createTopic: options.createTopic ? { replicationFactor } : undefined,
    restoreGroups: options.restoreGroups ? { prefix: options.groupPrefix ?? '' } : undefined,
  };
}

/** `--replication-factor`: a whole number from 1 to Kafka's largest (the brokers of the cluster bound it further). */
function parseReplicationFactor(text: string): number {
  const value = text.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_REPLICATION_FACTOR) {
    throw new UsageError(
      `--replication-factor "${text}" must be a whole number from 1 to ${MAX_REPLICATION_FACTOR} ` +
        '(copies of each partition; at most the number of brokers of the target cluster)',
    );
  }
  return Number(value);
}

/**
 * The option that writes records into another partition number than their own, if any: a group's
 * offset on a partition then has no translation. Only --repartition-by-key does so today.
 */
function partitionMovingOption(options: RestoreOptions): string | undefined {
  return options.repartitionByKey ? '--repartition-by-key' : undefined;
}
