// The `trigger_desc` of SCF's native CKafka trigger (`ckafka` mode), spelled exactly as the
// provider reads it back, so plans stay empty.
import { StartPosition } from '../contract/value-types';

/**
 * `trigger_desc` of SCF's native CKafka trigger, written exactly as the provider reads it back:
 * the provider keeps the configured keys of the server's JSON and re-marshals them (sorted keys,
 * no spaces, the server's number types) with no diff suppression, so any other spelling shows
 * an in-place change in every plan. Values are the documented ones (SCF "CKafka Trigger
 * Description", 583/17530): start point `latest` or `oldest`, at most 10,000 messages per batch,
 * 10,000 retries by default. `timeOut` is left out: no public document gives its range.
 */
export function ckafkaTriggerDesc(instanceId: string, topic: string, start: StartPosition): string {
  const desc = {
    instanceId,
    maxMsgNum: 10000,
    offset: start === 'latest' ? 'latest' : 'oldest',
    retry: 10000,
    topicName: topic,
  };
  return JSON.stringify(sortedKeys(desc));
}

/** The object with its keys in the order Go's json.Marshal writes them. */
export function sortedKeys<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}
