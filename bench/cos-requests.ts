// The COS requests of one handler run, by kind of COS API call, counted from the request log of
// the local COS server (`requests` of test/support/cos-server.ts: every request the proxy
// received, as the client sent it, retries included).
import { RecordedRequest } from '../test/support/cos-server';

/** Kinds in the order the tables show them (bench/cost.ts hides a kind no run used, but for the core ones). */
export const REQUEST_KINDS = [
  'PUT object',
  'initiate multipart',
  'upload part',
  'complete multipart',
  'abort multipart',
  'copy',
  'HEAD',
  'GET object',
  'LIST objects',
  'LIST uploads',
  'DELETE',
  'other',
] as const;

export type RequestKind = (typeof REQUEST_KINDS)[number];
export type RequestCounts = Record<RequestKind, number>;

export function emptyCounts(): RequestCounts {
  return Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as RequestCounts;
}

/** The COS API call a request is (path-style addressing: an empty key is a bucket request). */
export function requestKind(r: Pick<RecordedRequest, 'method' | 'key' | 'query' | 'headers'>): RequestKind {
  const has = (name: string) => name in r.query;
  const copy = r.headers['x-cos-copy-source'] !== undefined;
  switch (r.method) {
    case 'PUT':
      if (copy) return 'copy'; // PUT Object - Copy, and Upload Part - Copy
      return has('partNumber') ? 'upload part' : r.key ? 'PUT object' : 'other';
    case 'POST':
      if (has('uploads')) return 'initiate multipart';
      return has('uploadId') ? 'complete multipart' : 'other';
    case 'HEAD':
      return 'HEAD';
    case 'GET':
      if (r.key) return 'GET object';
      return has('uploads') ? 'LIST uploads' : 'LIST objects'; // GET Bucket (objects or versions)
    case 'DELETE':
      return has('uploadId') ? 'abort multipart' : 'DELETE';
    default:
      return 'other';
  }
}

export function countRequests(requests: readonly RecordedRequest[]): RequestCounts {
  const counts = emptyCounts();
  for (const r of requests) counts[requestKind(r)] += 1;
  return counts;
}

export function totalRequests(counts: RequestCounts): number {
  return REQUEST_KINDS.reduce((sum, k) => sum + counts[k], 0);
}
