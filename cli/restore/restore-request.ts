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
}

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
  };
}
