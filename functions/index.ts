// The SCF handler: reads its configuration once per container, then backs up the topic on a timer
// event, a fan-out event or a CKafka trigger batch, sized to the function's memory and time limit.
import { MIB } from '../contract/settings';
import { runBackup } from './backup-run';
import { writeCkafkaBatch } from './ckafka-batch';
import { BackupConfig, loadConfig } from './config';
import { cloudApiUrl } from './cloud-api';
import { createCosClient } from '../clients/cos';
import { credentialsFromEnv } from '../clients';
import { classifyEvent, ScfContext } from './events';
import { invokeForPartitions } from './fan-out';
import { KafkaClient, KafkaConnectionConfig, SaslMechanism } from '../clients/kafka';
import { log } from './log';
import { describeSelection } from './topic-selection';
import { readLatestSecret } from './secrets';
import { lateWriteWatchUntil, runTimes } from './time-budget';

/** Share of the function's memory for partitions in flight; the rest is the runtime and V8's slack. */
const PARTITION_MEMORY_SHARE = 0.6;
/** An upload holds about (parts in flight + 1) part buffers. */
const PART_BUFFERS_PER_PARTITION = 3;
/**
 * Fetched record batches and the records decoded from them, per partition (two 1 MiB fetches
 * of small records decode to several times their size; measured with `npm run bench`).
 */
const READ_BYTES_PER_PARTITION = 16 * MIB;

// Parsed once per container (cold start); a bad configuration fails every invocation the same way.
let config: BackupConfig | undefined;
let saslPassword: Promise<string> | undefined;

function loadConfigOnce(): BackupConfig {
  try {
    config ??= loadConfig();
    return config;
  } catch (error) {
    log('error', 'config-invalid', { error: (error as Error).message });
    throw error;
  }
}

async function kafkaConnection(cfg: BackupConfig, context: ScfContext): Promise<KafkaConnectionConfig> {
  const connection: KafkaConnectionConfig = {
    brokers: cfg.bootstrapServers,
    clientId: `ckafka-cos-backup-${context.function_name ?? cfg.consumerGroup}`,
    ssl: cfg.kafkaTls,
    log: ({ level, namespace, message, ...fields }) => {
      if (level === 'error' || level === 'warn') log(level, 'kafka-client', { namespace, message, ...fields });
    },
  };
  const { saslMechanism, saslUsername, saslSecretName } = cfg;
  // The settings contract makes the SASL settings all present or all absent.
  if (!saslMechanism || !saslUsername || !saslSecretName) return connection;
  saslPassword ??= readLatestSecret(
    saslSecretName,
    cfg.functionRegion,
    credentialsFromEnv(),
    cfg.ssmEndpoint ?? cloudApiUrl('ssm', cfg.enablePublicNet),
  ).catch((error) => {
    saslPassword = undefined;
    throw error;
  });
  const mechanism = saslMechanism.toLowerCase() as SaslMechanism;
  return { ...connection, sasl: { mechanism, username: saslUsername, password: await saslPassword } };
}

function partitionConcurrency(cfg: BackupConfig, context: ScfContext & { memory_limit_in_mb?: number }): number {
  const memoryBytes = (context.memory_limit_in_mb ?? 512) * MIB;
  const perPartition = PART_BUFFERS_PER_PARTITION * cfg.partSizeMiB * MIB + READ_BYTES_PER_PARTITION;
  return Math.max(1, Math.floor((memoryBytes * PARTITION_MEMORY_SHARE) / perPartition));
}

/** SCF entry point (`index.main_handler`). */
export async function main_handler(event: unknown, context: ScfContext = {}): Promise<Record<string, unknown>> {
  const startedAt = Date.now();
  const cfg = loadConfigOnce();
  let classified;
  try {
    classified = classifyEvent(event);
  } catch (error) {
    log('error', 'event-rejected', { error: (error as Error).message });
    throw error;
  }
  const firedAt = classified.kind === 'timer' && classified.event.Time ? Date.parse(classified.event.Time) : undefined;
  const times = runTimes({
    nowMs: startedAt,
    firedAtMs: Number.isNaN(firedAt) ? undefined : firedAt,
    granularityMinutes: cfg.granularityMinutes,
    timeLimitMs: context.time_limit_in_ms,
    safetyMarginMs: cfg.safetyMarginSeconds * 1000,
    parentDeadlineMs: classified.kind === 'partitions' ? classified.event.deadlineMs : undefined,
  });
  const credentials = credentialsFromEnv();
  // Every COS request of the run ends by requestsEndMs, those that carry an object's content
  // by uploadsEndMs (time-budget.ts); one still going then is aborted.
  const cos = createCosClient({
    region: cfg.bucketRegion,
    credentials,
    endpoint: cfg.cosEndpoint,
    timeoutMs: cfg.cosTimeoutMs,
    endAtMs: times.requestsEndMs,
  });

  if (classified.kind === 'ckafka') {
    const objects = await writeCkafkaBatch(cfg, cos, classified.event, times.uploadsEndMs);
    log('info', 'batch-finished', {
      records: classified.event.Records.length,
      objects,
      durationMs: Date.now() - startedAt,
    });
    return { records: classified.event.Records.length, objects };
  }

  const functionName = context.function_name ?? process.env.SCF_FUNCTIONNAME ?? '';
  const namespace = context.namespace ?? process.env.SCF_NAMESPACE ?? 'default';
  log('info', 'run-started', {
    trigger: classified.kind,
    topics: describeSelection(cfg),
    deadline: new Date(times.readsEndMs).toISOString(),
    uploadsEnd: new Date(times.uploadsEndMs).toISOString(),
    requestsEnd: new Date(times.requestsEndMs).toISOString(),
    requestId: context.request_id,
  });
  if (Date.now() >= times.requestsEndMs) {
    // A late invocation (an async retry of an old timer event, a fan-out queued past its
    // parent's end): no COS request may start, so there is nothing it could do.
    log('warn', 'run-skipped', {
      reason: 'the run had no time left when it started',
      durationMs: Date.now() - startedAt,
    });
    return { records: 0, objects: 0, bytes: 0, partitions: [], fannedOut: [] };
  }

  const kafka = new KafkaClient(await kafkaConnection(cfg, context));
  await kafka.connect();
  try {
    const summary = await runBackup({
      config: cfg,
      kafka,
      cos,
      deadlineMs: times.readsEndMs,
      uploadsEndMs: times.uploadsEndMs,
      watchUntilMs: lateWriteWatchUntil(Date.now()),
      work:
        classified.kind === 'partitions'
          ? { topics: classified.event.topics, begun: classified.event.begun }
          : undefined,
      fanOut: (events) =>
        invokeForPartitions(
          {
            functionName,
            namespace,
            region: cfg.functionRegion,
            credentials,
            endpoint: cfg.scfEndpoint ?? cloudApiUrl('scf', cfg.enablePublicNet),
          },
          events,
        ),
      partitionConcurrency: partitionConcurrency(cfg, context),
      requestId: context.request_id,
      snapshotKafka: async () => {
        const client = new KafkaClient(await kafkaConnection(cfg, context));
        await client.connect();
        return client;
      },
    });
    const totals = summary.partitions.reduce(
      (t, p) => ({ records: t.records + p.records, objects: t.objects + p.objects, bytes: t.bytes + p.bytes }),
      { records: 0, objects: 0, bytes: 0 },
    );
    // Per partition still behind: its lag in records and, when this run backed up any, how old the
    // newest backed-up record is; at warn level, so a log alarm can watch it.
    const behind = summary.partitions
      .filter((p) => p.next < p.until)
      .map((p) => ({
        topic: p.topic,
        partition: p.partition,
        next: p.next,
        until: p.until,
        lagRecords: p.until - p.next,
        newestRecordAgeSeconds:
          p.newestRecordMs === undefined ? null : Math.round((Date.now() - p.newestRecordMs) / 1000),
      }));
    log(summary.failures.length > 0 ? 'error' : behind.length > 0 ? 'warn' : 'info', 'run-finished', {
      ...totals,
      partitions: summary.partitions.length,
      fannedOut: summary.fannedOut,
      behind,
      failures: summary.failures.length,
      durationMs: Date.now() - startedAt,
    });
    if (summary.failures.length > 0) {
      throw new Error(
        `backup of ${describeSelection(cfg)} failed for ${summary.failures.length} partition(s): ${summary.failures.join(' | ')}`,
      );
    }
    return { ...totals, partitions: summary.partitions, fannedOut: summary.fannedOut };
  } finally {
    await kafka.close().catch(() => undefined);
  }
}
