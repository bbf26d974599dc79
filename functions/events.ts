// The invocation events the handler accepts.

/** SCF timer trigger event. */
export interface TimerEvent {
  readonly Type: 'Timer';
  readonly TriggerName?: string;
  /** ISO-8601 UTC time the timer fired. */
  readonly Time?: string;
  readonly Message?: string;
}

/** An async invocation made by a timer run for a subset of the topic-partitions (fan-out). */
export interface PartitionsEvent {
  readonly Type: 'BackupPartitions';
  /** Partitions per topic. */
  readonly topics: Readonly<Record<string, number[]>>;
  /** Whether the backup had begun when the timer run looked (see InvocationWork.begun). */
  readonly begun?: boolean;
  /** Epoch ms after which the run reads no more (the parent's deadline). */
  readonly deadlineMs: number;
  /** Id of the timer run that fanned out, for correlating logs. */
  readonly parentRequestId?: string;
}

/** One message pushed by SCF's native CKafka trigger. */
export interface CkafkaMessage {
  readonly topic: string;
  readonly partition?: number;
  readonly Partition?: number;
  readonly offset: number;
  readonly msgKey?: string | null;
  readonly msgBody?: string | null;
}

export interface CkafkaEvent {
  readonly Records: { readonly Ckafka: CkafkaMessage }[];
}

export type BackupEvent =
  | { readonly kind: 'timer'; readonly event: TimerEvent }
  | { readonly kind: 'partitions'; readonly event: PartitionsEvent }
  | { readonly kind: 'ckafka'; readonly event: CkafkaEvent };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(event: unknown): string {
  const text = JSON.stringify(event) ?? String(event);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Recognizes an event or throws an error that shows what arrived. */
export function classifyEvent(event: unknown): BackupEvent {
  if (isRecord(event) && event.Type === 'Timer') return { kind: 'timer', event: event as unknown as TimerEvent };
  if (isRecord(event) && event.Type === 'BackupPartitions') {
    const { topics, deadlineMs } = event;
    const partitionIds = (list: unknown) =>
      Array.isArray(list) && list.length > 0 && list.every((p) => Number.isInteger(p) && p >= 0);
    if (
      !isRecord(topics) ||
      Object.keys(topics).length === 0 ||
      !Object.values(topics).every(partitionIds) ||
      typeof deadlineMs !== 'number' ||
      (event.begun !== undefined && typeof event.begun !== 'boolean')
    ) {
      throw new Error(
        `BackupPartitions event needs "topics" (topic -> non-empty list of partition ids) and "deadlineMs": ${describe(event)}`,
      );
    }
    return { kind: 'partitions', event: event as unknown as PartitionsEvent };
  }
  if (
    isRecord(event) &&
    Array.isArray(event.Records) &&
    event.Records.length > 0 &&
    event.Records.every((r) => isRecord(r) && isRecord(r.Ckafka))
  ) {
    return { kind: 'ckafka', event: event as unknown as CkafkaEvent };
  }
  throw new Error(
    `unknown event: expected a Timer event, a BackupPartitions event or CKafka Records, got ${describe(event)}`,
  );
}

/** SCF's context object (the fields the handler reads). */
export interface ScfContext {
  readonly request_id?: string;
  readonly time_limit_in_ms?: number;
  readonly function_name?: string;
  readonly namespace?: string;
  readonly tencentcloud_region?: string;
}
