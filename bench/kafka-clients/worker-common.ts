// Shared part of the per-client read workers. The orchestrator (compare.ts) starts one worker
// process per measurement with a JSON job as its only argument; the worker reads the topic
// from offset 0 to the given high watermarks and prints one JSON line with the result.

export interface Job {
  bootstrap: string;
  topic: string;
  partitions: number[];
  /** Offset after the last record, per partition (as JSON object keys). */
  highWatermarks: Record<string, number>;
  /** Consumer group for the group-based clients (new per run: starts from the beginning). */
  groupId: string;
  /** 'read': count records and value bytes; 'headers': return the first record's headers as exposed. */
  mode: 'read' | 'headers';
  /** Client variant, e.g. codec registration for kafkajs. */
  variant?: string;
  /** Give up after this long (default 300 s). */
  timeoutMs?: number;
}

export interface Result {
  records: number;
  valueBytes: number;
  /** From before the client is created to the last record of the last partition. */
  totalMs: number;
  /** From before the client is created to the first record (connect, group join, first fetch). */
  firstRecordMs: number;
  /** 'headers' mode: the first record's headers as the client hands them out. */
  headers?: unknown;
  node: string;
}

export class Sink {
  records = 0;
  valueBytes = 0;
  firstAt = 0;
  readonly t0 = performance.now();

  add(count: number, valueBytes: number): void {
    if (this.firstAt === 0 && count > 0) this.firstAt = performance.now();
    this.records += count;
    this.valueBytes += valueBytes;
  }
}

/** Per-partition progress towards the high watermarks; resolves `done` when all are reached. */
export class Progress {
  private readonly remaining = new Set<number>();
  readonly done: Promise<void>;
  private resolve!: () => void;

  constructor(private readonly job: Job) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    for (const p of job.partitions) if (job.highWatermarks[p] > 0) this.remaining.add(p);
    if (this.remaining.size === 0) this.resolve();
  }

  /** `nextOffset`: the offset after the last record seen on `partition`. */
  update(partition: number, nextOffset: number): void {
    if (
      nextOffset >= this.job.highWatermarks[partition] &&
      this.remaining.delete(partition) &&
      this.remaining.size === 0
    ) {
      this.resolve();
    }
  }
}

export function runWorker(body: (job: Job, sink: Sink) => Promise<unknown>): void {
  const job = JSON.parse(process.argv[2]) as Job;
  const sink = new Sink();
  const timeoutMs = job.timeoutMs ?? 300_000;
  const timeout = setTimeout(() => {
    console.error(`worker timed out after ${timeoutMs} ms (${sink.records} records read)`);
    process.exit(3);
  }, timeoutMs);
  body(job, sink).then(
    (headers) => {
      const end = performance.now();
      const result: Result = {
        records: sink.records,
        valueBytes: sink.valueBytes,
        totalMs: end - sink.t0,
        firstRecordMs: sink.firstAt ? sink.firstAt - sink.t0 : NaN,
        headers: job.mode === 'headers' ? headers : undefined,
        node: process.version,
      };
      process.stdout.write(JSON.stringify(result) + '\n', () => {
        clearTimeout(timeout);
        // Consumers keep sockets and timers after the measurement: do not wait for them.
        process.exit(0);
      });
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}

/** Header lists shown in the report: buffers as utf8 strings. */
export function printable(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Map) return { Map: [...value].map(([k, v]) => [printable(k), printable(v)]) };
  if (Array.isArray(value)) return value.map(printable);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
  return value;
}
