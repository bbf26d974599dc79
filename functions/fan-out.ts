// Fan-out: a timer run with more partitions than one invocation can back up in time hands groups
// of them to asynchronous invocations of the same function.
import { scfClient } from './cloud-api';
import { CloudCredentials } from '../clients';
import { PartitionsEvent } from './events';

/** Splits partition ids into consecutive groups of at most `size`. */
export function chunkPartitions(partitions: number[], size: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < partitions.length; i += size) chunks.push(partitions.slice(i, i + size));
  return chunks;
}

export interface FanOutTarget {
  readonly functionName: string;
  readonly namespace: string;
  readonly region: string;
  readonly credentials: CloudCredentials;
  readonly endpoint: string;
}

/**
 * Starts one asynchronous invocation of this same function per partition group (SCF Invoke,
 * InvocationType Event). Returns the request ids; throws naming the partitions that could not
 * be handed off, so the timer run fails visibly and the next one covers them.
 */
export async function invokeForPartitions(target: FanOutTarget, events: PartitionsEvent[]): Promise<string[]> {
  const client = await scfClient(target.region, target.credentials, target.endpoint);
  const results = await Promise.allSettled(
    events.map((event) =>
      client.Invoke({
        FunctionName: target.functionName,
        Namespace: target.namespace,
        InvocationType: 'Event',
        ClientContext: JSON.stringify(event),
      }),
    ),
  );
  const failed = results
    .map((result, i) => ({ result, partitions: events[i].partitions }))
    .filter(({ result }) => result.status === 'rejected');
  if (failed.length > 0) {
    const detail = failed.map(
      ({ result, partitions }) =>
        `partitions ${partitions.join(',')}: ${((result as PromiseRejectedResult).reason as Error)?.message ?? result}`,
    );
    throw new Error(`fan-out to ${target.functionName} failed for ${detail.join('; ')}`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<{ RequestId?: string }>).value.RequestId ?? '');
}
