// The CLS index of the function's log topic. CLS answers a field search (`event:"x"`,
// `level:"warn"`) only when the topic's index has a key-value entry for that field; a full-text
// index alone gives no field search (CLS "Configuring Indexes", intl 614/39594). The log alarm and
// the runbook's queries search these fields of the handler's JSON lines.
import { Construct } from 'constructs';
import { ClsIndex } from '../.gen/providers/tencentcloud/cls-index';
import { addSynthWarning } from './synth-warnings';

/** The fields the alarm and the runbook search, and their CLS types. */
export const LOG_INDEX_FIELDS: ReadonlyArray<{ key: string; type: 'text' | 'long' }> = [
  { key: 'event', type: 'text' },
  { key: 'level', type: 'text' },
  { key: 'topic', type: 'text' },
  { key: 'partition', type: 'long' },
  { key: 'key', type: 'text' },
  { key: 'error', type: 'text' },
  { key: 'records', type: 'long' },
  { key: 'recordsLost', type: 'long' },
  { key: 'objects', type: 'long' },
  { key: 'bytes', type: 'long' },
  { key: 'failures', type: 'long' },
  { key: 'durationMs', type: 'long' },
];

/** CLS's default tokenizer (the provider's example): words split at punctuation and spaces. */
const TOKENIZER = '@&?|#()=\'",;:<>[]{}/ \n\t\r\\';

/** The index of a log topic the construct created (`createLogs`): full text and the fields above. */
export function createLogIndex(scope: Construct, topicId: string): ClsIndex {
  return new ClsIndex(scope, 'LogIndex', {
    topicId,
    rule: {
      fullText: { caseSensitive: false, tokenizer: TOKENIZER, containZH: false },
      keyValue: {
        caseSensitive: false,
        keyValues: LOG_INDEX_FIELDS.map(({ key, type }) => ({
          key,
          value:
            type === 'text' ? { type, tokenizer: TOKENIZER, sqlFlag: true, containZH: false } : { type, sqlFlag: true },
        })),
      },
    },
    status: true,
  });
}

/** Said at synth when the function logs to a topic the construct does not own (`logs`). */
export function existingTopicIndexWarning(topicId: string): string {
  const entries = LOG_INDEX_FIELDS.map(({ key, type }) => `${key} (${type})`).join(', ');
  return (
    `logs.topicId ${topicId}: the construct does not own this CLS topic's index, and the log alarm's field searches ` +
    `match nothing unless it has key-value entries (with SQL analysis on) for: ${entries}. Add them in the CLS console ` +
    '(Index configuration) or with tencentcloud_cls_index; the SCF default topics (SCF_LogTopic_*) cannot be changed: use createLogs.'
  );
}

export function warnExistingTopicIndex(scope: Construct, topicId: string): void {
  addSynthWarning(scope, existingTopicIndexWarning(topicId));
}
