// kafkajs accepts malformed broker addresses and then retries connecting for a minute;
// reject them up front with a message that names the bad entry (the settings' host:port rule).
import { isHostPort } from '../../contract/value-types';
import type { KafkaConnectionConfig } from './types';

const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'];

/** What the client and kafkajs use for the optional timeouts and retries left out of the config. */
export const CONNECTION_DEFAULTS = { connectionTimeoutMs: 10_000, requestTimeoutMs: 30_000, retries: 5 } as const;

export function checkConnectionConfig(config: KafkaConnectionConfig): void {
  if (!Array.isArray(config.brokers) || config.brokers.length === 0) {
    throw new TypeError('Kafka config: brokers must be a non-empty array of "host:port" strings');
  }
  for (const broker of config.brokers) {
    if (typeof broker !== 'string' || !isHostPort(broker)) {
      throw new TypeError(
        `Kafka config: broker address ${JSON.stringify(broker)} is not "host:port" (use one array entry per broker)`,
      );
    }
  }
  if (typeof config.clientId !== 'string' || config.clientId === '') {
    throw new TypeError('Kafka config: clientId must be a non-empty string');
  }
  if (config.sasl && !MECHANISMS.includes(config.sasl.mechanism)) {
    throw new TypeError(
      `Kafka config: sasl.mechanism must be one of ${MECHANISMS.join(', ')}, got ${JSON.stringify(config.sasl.mechanism)}`,
    );
  }
  for (const field of ['connectionTimeoutMs', 'requestTimeoutMs', 'retries'] as const) {
    const value = config[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new TypeError(`Kafka config: ${field} must be a non-negative integer, got ${value}`);
    }
  }
}
