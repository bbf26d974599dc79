// The options that reach a Kafka cluster, which `status` (the group's lag) and `restore` (the
// target) share: a broker list and SASL, whose password comes only from the environment.
import type { KafkaConnectionConfig, SaslMechanism } from '../../clients/kafka';
import { UsageError } from './usage-error';

/** Environment variable with the SASL password: never a command-line argument, which `ps` shows. */
export const SASL_PASSWORD_ENV = 'KAFKA_SASL_PASSWORD';

const BROKER = /^(\[[0-9a-fA-F:]+\]|[^\s:,[\]]+):(\d{1,5})$/;

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
