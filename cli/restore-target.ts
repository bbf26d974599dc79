import { SETTINGS } from '../contract/settings';
import type { CompressionName, KafkaConnectionConfig, KafkaLogEntry, SaslMechanism } from '../functions/kafka';
import { UsageError } from './usage-error';

/** How to reach the cluster a restore writes to. */
export interface TargetOptions {
  toBootstrap: string;
  toTopic: string;
  saslMechanism?: SaslMechanism;
  saslUsername?: string;
  tls?: boolean;
  compression: CompressionName;
}

/** Environment variable with the SASL password: never a command-line argument, which `ps` shows. */
export const SASL_PASSWORD_ENV = 'KAFKA_SASL_PASSWORD';

const BROKER = /^(\[[0-9a-fA-F:]+\]|[^\s:,[\]]+):(\d{1,5})$/;

export function targetBrokers(options: TargetOptions): string[] {
  return parseBrokers('--to-bootstrap', options.toBootstrap);
}

/** `HOST:PORT[,HOST:PORT...]` (IPv6 hosts in brackets) as a broker list; a UsageError names the bad entry. */
export function parseBrokers(option: string, text: string): string[] {
  const brokers = text
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const bad = brokers.find((b) => !BROKER.test(b) || Number(BROKER.exec(b)![2]) > 65535);
  if (brokers.length === 0 || bad !== undefined) {
    throw new UsageError(`${option} "${text}" must be HOST:PORT[,HOST:PORT...]${bad ? ` ("${bad}" is not)` : ''}`);
  }
  return brokers;
}

/** SASL settings from --sasl-mechanism, --sasl-username and the password in the environment. */
export function saslOf(
  options: { saslMechanism?: SaslMechanism; saslUsername?: string },
  env: NodeJS.ProcessEnv = process.env,
): KafkaConnectionConfig['sasl'] {
  if (!options.saslMechanism && !options.saslUsername) return undefined;
  const password = env[SASL_PASSWORD_ENV];
  if (!options.saslMechanism || !options.saslUsername || !password) {
    throw new UsageError(`SASL needs --sasl-mechanism, --sasl-username and the password in ${SASL_PASSWORD_ENV}`);
  }
  return { mechanism: options.saslMechanism, username: options.saslUsername, password };
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
