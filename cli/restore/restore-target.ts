// The cluster and topic a restore writes to, from the --to-* options, checked before any record
// is read.
import { SETTINGS } from '../../contract/settings';
import type { CompressionName, KafkaConnectionConfig, KafkaLogEntry, SaslMechanism } from '../../clients/kafka';
import { parseBrokers, saslOf } from '../command-line/kafka-options';
import { UsageError } from '../command-line/usage-error';

/** How to reach the cluster a restore writes to. */
export interface TargetOptions {
  toBootstrap: string;
  toTopic: string;
  saslMechanism?: SaslMechanism;
  saslUsername?: string;
  tls?: boolean;
  compression: CompressionName;
}

export function targetBrokers(options: TargetOptions): string[] {
  return parseBrokers('--to-bootstrap', options.toBootstrap);
}

/** Checks the target options and builds the client configuration. */
export function targetConnection(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): KafkaConnectionConfig {
  const brokers = targetBrokers(options);
  // The Kafka topic name rule that --topic is held to too (checkCommonOptions).
  if (SETTINGS.topic.type.check(options.toTopic).length > 0) {
    throw new UsageError(
      `--to-topic "${options.toTopic}" is not a Kafka topic name (letters, digits, '.', '_', '-'; up to 249)`,
    );
  }
  const sasl = saslOf(options, env);
  return {
    brokers,
    clientId: 'ckafka-cos-backup-restore',
    sasl,
    ssl: options.tls === true,
    connectionTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    retries: 5,
    logLevel: 'warn',
    log: printKafkaLog,
  };
}

/**
 * Retries as short lines on stderr, so a slow cluster is not silent. kafkajs' own lines are left
 * out: it logs every retried response as an error, and what stops the restore is reported anyway.
 */
function printKafkaLog(entry: KafkaLogEntry): void {
  if (!entry.namespace.startsWith('kafkajs')) process.stderr.write(`kafka ${entry.level}: ${entry.message}\n`);
}
