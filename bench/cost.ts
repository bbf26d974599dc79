// 3. What a backup costs, in the units Tencent Cloud bills (no prices: they change), from the
// runs of the throughput benchmark:
//
// a. SCF compute: GB-s per GiB of record data. SCF's resource usage is the function's configured
//    memory in GB (MB / 1024) times its billable execution duration in seconds; the duration is
//    counted in milliseconds, with the loading of the code (a cold start) included (SCF "Billing
//    Mode", https://www.tencentcloud.com/document/product/583/12284; "Billing Example",
//    https://www.tencentcloud.com/document/product/583/12285, says this replaced rounding up to
//    100 ms). The duration here is the wall clock of the whole invocation in a fresh process
//    (Node.js start, require, run), the configured memory the construct's default.
// b. COS requests by kind for a first run, a run with no new records and a run with a few new
//    records per partition, per partition and per object written.
// c. Stored bytes (gzip objects) per GiB of record data.
import { HandlerRun, MEMORY_MIB } from './handler-run';
import { REQUEST_KINDS, RequestKind, totalRequests } from './cos-requests';
import { median, MiB, mib, num, Row, spread } from './table';
import { ThroughputResult } from './throughput';

const GiB = 1024 * MiB;
/** SCF's GB for memory: the configured MB / 1024 (the Billing Mode page's example: 256 MB = 0.25 GB). */
export const MEMORY_GB = MEMORY_MIB / 1024;

const gbSeconds = (run: HandlerRun) => MEMORY_GB * (run.wallMs / 1000);
const count = (n: number) => n.toLocaleString('en-US');

export const COMPUTE_HEADER: Row = [
  'run',
  'records backed up',
  'record data',
  'duration (median)',
  'runs (s)',
  'GB-s per run',
  'GB-s per GiB of records',
  'runs (GB-s per GiB)',
];

function computeRow(label: string, records: number, valueBytes: number, runs: HandlerRun[]): Row {
  const perGiB = runs.map((r) => gbSeconds(r) / (valueBytes / GiB));
  return [
    label,
    count(records),
    mib(valueBytes),
    `${num(median(runs.map((r) => r.wallMs / 1000)))} s`,
    spread(runs.map((r) => r.wallMs / 1000)),
    num(median(runs.map(gbSeconds))),
    valueBytes > 0 ? num(median(perGiB)) : '-',
    valueBytes > 0 ? spread(perGiB) : '-',
  ];
}

export function computeRows(results: ThroughputResult[]): Row[] {
  const rows = results.map((r) => computeRow(`first run, ${r.case.label} records`, r.records, r.valueBytes, r.handler));
  for (const r of results) {
    const f = r.followUps;
    if (!f) continue;
    rows.push(computeRow(`then: no new records (${r.case.label} topic)`, 0, 0, f.idle));
    const records = median(f.incremental.map((h) => h.records));
    rows.push(
      computeRow(
        `then: ${count(f.newPerPartition)} new ${r.case.label} records per partition`,
        records,
        records * r.case.recordBytes,
        f.incremental,
      ),
    );
  }
  return rows;
}

/** Kinds shown even when no run used them; others only when some run did. */
const CORE_KINDS: RequestKind[] = [
  'PUT object',
  'initiate multipart',
  'upload part',
  'complete multipart',
  'copy',
  'HEAD',
  'GET object',
  'LIST objects',
];

function shownKinds(runs: HandlerRun[]): RequestKind[] {
  return REQUEST_KINDS.filter((k) => CORE_KINDS.includes(k) || runs.some((r) => r.requests[k] > 0));
}

function allRuns(r: ThroughputResult): HandlerRun[] {
  return [...r.handler, ...(r.followUps?.idle ?? []), ...(r.followUps?.incremental ?? [])];
}

export function requestHeader(r: ThroughputResult | undefined): Row {
  return ['run', 'count', ...(r ? shownKinds(allRuns(r)) : CORE_KINDS), 'all'];
}

/** The requests of the first case with follow-up runs: total, per partition and per object written. */
export function requestRows(r: ThroughputResult | undefined, partitions: number): Row[] {
  if (!r?.followUps) return [];
  const kinds = shownKinds(allRuns(r));
  const block = (label: string, runs: HandlerRun[]): Row[] => {
    const medians = kinds.map((k) => median(runs.map((h) => h.requests[k])));
    const all = median(runs.map((h) => totalRequests(h.requests)));
    const objects = median(runs.map((h) => h.objects));
    const per = (name: string, divisor: number): Row => [
      '',
      name,
      ...medians.map((m) => num(m / divisor)),
      num(all / divisor),
    ];
    return [
      [`${label}, ${count(objects)} objects written`, 'total', ...medians.map((m) => count(m)), count(all)],
      per('per partition', partitions),
      ...(objects > 0 ? [per('per object', objects)] : []),
    ];
  };
  const f = r.followUps;
  return [
    ...block(`first run, ${count(r.records)} ${r.case.label} records`, r.handler),
    ...block('then: no new records', f.idle),
    ...block(`then: ${count(f.newPerPartition)} new records per partition`, f.incremental),
  ];
}

export const STORAGE_HEADER: Row = [
  'records',
  'record data',
  'stored (gzip objects)',
  'stored per GiB of records',
  'record data / stored',
  'everything under the prefix',
];

export function storageRows(results: ThroughputResult[]): Row[] {
  return results.map((r) => {
    const stored = median(r.handler.map((h) => h.storedBytes));
    const prefix = median(r.handler.map((h) => h.prefixBytes));
    const prefixObjects = median(r.handler.map((h) => h.prefixObjects));
    return [
      `${r.case.label} x ${count(r.records)}`,
      mib(r.valueBytes),
      `${mib(stored)} in ${count(median(r.handler.map((h) => h.objects)))} objects`,
      mib((stored / r.valueBytes) * GiB),
      num(r.valueBytes / stored),
      `${mib(prefix)} in ${count(prefixObjects)} objects`,
    ];
  });
}
