import { numberText } from './tokens';
import { ENV, HANDLER_DEFAULTS } from '../functions/config-keys';
import { CkafkaCosBackupProps, StartPosition } from './props';

const MIB = 1024 * 1024;

/** Defaults shared by the construct and its docs. */
export const DEFAULTS = {
  namespace: 'default',
  runtime: 'Nodejs18.15',
  granularityMinutes: HANDLER_DEFAULTS.granularityMinutes,
  memoryMiB: 512,
  safetyMarginSeconds: HANDLER_DEFAULTS.safetyMarginSeconds,
  maxObjectMiB: HANDLER_DEFAULTS.maxObjectMiB,
  partSizeMiB: HANDLER_DEFAULTS.partSizeMiB,
  compressionLevel: HANDLER_DEFAULTS.gzipLevel,
  partitionsPerInvocation: HANDLER_DEFAULTS.partitionsPerInvocation,
  storageClass: HANDLER_DEFAULTS.storageClass,
  startPosition: HANDLER_DEFAULTS.startPosition as StartPosition,
  logRetentionDays: 30,
  asyncRetryCount: 0,
} as const;

export function startPositionValue(start: StartPosition): string {
  return typeof start === 'string' ? start : `timestamp:${start.timestamp}`;
}

export interface ResolvedTarget {
  readonly bucketName: string;
  readonly bucketRegion: string;
  readonly functionRegion: string;
  readonly namespace: string;
  readonly consumerGroup: string;
  readonly granularityMinutes: number;
}

/** The handler's configuration as SCF environment variables (see functions/config-keys.ts). */
export function handlerEnvironment(props: CkafkaCosBackupProps, target: ResolvedTarget): Record<string, string> {
  const kafka = props.kafka;
  const env: Record<string, string> = {
    [ENV.bucket]: target.bucketName,
    [ENV.bucketRegion]: target.bucketRegion,
    [ENV.prefix]: props.prefix ?? '',
    [ENV.storageClass]: props.storageClass ?? DEFAULTS.storageClass,
    [ENV.instanceId]: kafka.instanceId,
    [ENV.topic]: kafka.topic,
    [ENV.bootstrapServers]: kafka.bootstrapServers.join(','),
    [ENV.consumerGroup]: target.consumerGroup,
    [ENV.startPosition]: startPositionValue(kafka.startPosition ?? DEFAULTS.startPosition),
    [ENV.granularityMinutes]: numberText(target.granularityMinutes),
    [ENV.maxObjectBytes]: String((props.maxObjectMiB ?? DEFAULTS.maxObjectMiB) * MIB),
    [ENV.partSizeBytes]: String((props.partSizeMiB ?? DEFAULTS.partSizeMiB) * MIB),
    [ENV.gzipLevel]: String(props.compressionLevel ?? DEFAULTS.compressionLevel),
    [ENV.partitionsPerInvocation]: String(props.partitionsPerInvocation ?? DEFAULTS.partitionsPerInvocation),
    [ENV.safetyMarginSeconds]: String(props.safetyMarginSeconds ?? DEFAULTS.safetyMarginSeconds),
    [ENV.functionRegion]: target.functionRegion,
  };
  if (kafka.tls) env[ENV.kafkaTls] = 'true';
  if (kafka.sasl) {
    env[ENV.saslMechanism] = kafka.sasl.mechanism;
    env[ENV.saslUsername] = kafka.sasl.username;
    env[ENV.saslSecretName] = kafka.sasl.passwordSecretName;
  }
  // Construct variables win: the user's names were checked not to start with BACKUP_.
  return { ...props.environment, ...env };
}
