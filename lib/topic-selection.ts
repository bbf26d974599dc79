// How the function's and the timer's descriptions speak of what one backup reads: named topics
// (`kafka.topic` or `kafka.topics`) or the topics matching `kafka.topicPattern`.
import { TopicSelection } from '../contract/topic-selection';
import { scfDescription } from './scf-description';
import { numberText } from './tokens';

/** The function's description: which topics, of which instance, into which bucket. */
export function functionDescription(topics: TopicSelection, instanceId: string, bucket: string): string {
  if (topics.pattern !== undefined) {
    // A pattern's characters are mostly ones SCF refuses in a description: it is in the environment.
    return scfDescription(
      ['Backs up the CKafka topics of ', instanceId, ' that match a pattern, to COS bucket ', bucket],
      'Backs up CKafka topics to COS',
    );
  }
  if (topics.names.length === 1) {
    return scfDescription(
      ['Backs up CKafka topic ', topics.names[0], ' of ', instanceId, ' to COS bucket ', bucket],
      'Backs up a CKafka topic to COS',
    );
  }
  return scfDescription(
    ['Backs up ', String(topics.names.length), ' CKafka topics of ', instanceId, ' to COS bucket ', bucket],
    'Backs up CKafka topics to COS',
  );
}

/** The timer trigger's description: what it backs up, how often. */
export function timerDescription(topics: TopicSelection, granularityMinutes: number): string {
  const every = numberText(granularityMinutes);
  if (topics.pattern !== undefined) {
    return scfDescription(
      ['Backs up the topics matching a pattern every ', every, ' minutes'],
      'Backs up the topics matching a pattern on a timer',
    );
  }
  if (topics.names.length === 1) {
    return scfDescription(
      ['Backs up ', topics.names[0], ' every ', every, ' minutes'],
      'Backs up the topic on a timer',
    );
  }
  const count = String(topics.names.length);
  return scfDescription(
    ['Backs up ', count, ' topics every ', every, ' minutes'],
    `Backs up ${count} topics on a timer`,
  );
}
