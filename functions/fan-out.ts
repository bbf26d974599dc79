// Fan-out: a timer run with more partitions than one invocation can back up in time hands groups
// of them to asynchronous invocations of the same function.
import { scfClient } from './cloud-api';
import { CloudCredentials } from '../clients';
import { PartitionsEvent } from './events';

/** The unit of work: one partition of one topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Splits the units, in topic then partition order, into consecutive groups of at most `size`. No
 * invocation gets more than `size` partitions, so a large topic is spread over several and never
 * serializes behind small ones; keeping a topic's partitions together keeps the per-topic requests
 * (offsets, the listing of open uploads) to as few invocations as possible.
 */
export function chunkUnits(units: TopicPartition[], size: number): TopicPartition[][] {
  const chunks: TopicPartition[][] = [];
  for (let i = 0; i < units.length; i += size) chunks.push(units.slice(i, i + size));
  return chunks;
}

/** `{ topic: [partitions] }`, the form a fan-out event carries. */
export function unitsByTopic(units: TopicPartition[]): Record<string, number[]> {
  const topics: Record<string, number[]> = {};
  for (const { topic, partition } of units) (topics[topic] ??= []).push(partition);
  return topics;
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
    .map((result, i) => ({ result, topics: events[i].topics }))
    .filter(({ result }) => result.status === 'rejected');
  if (failed.length > 0) {
    const detail = failed.map(
      ({ result, topics }) =>
        `${Object.entries(topics)
          .map(([topic, partitions]) => `${topic} partitions ${partitions.join(',')}`)
          .join(', ')}: ${((result as PromiseRejectedResult).reason as Error)?.message ?? result}`,
    );
    throw new Error(`fan-out to ${target.functionName} failed for ${detail.join('; ')}`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<{ RequestId?: string }>).value.RequestId ?? '');
}
