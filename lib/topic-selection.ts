// What one backup reads, as the construct sees it: named topics (`kafka.topic` or `kafka.topics`)
// or the topics matching `kafka.topicPattern`, and how the function's and the timer's
// descriptions speak of them.
import { Settings } from '../contract/settings';
import { scfDescription } from './scf-description';
import { numberText } from './tokens';

/**
 * The topics of a backup: by name (one for `kafka.topic`, the list for `kafka.topics`), or a
 * pattern whose topics are known only at run time.
 */
export type TopicSelection =
  | { readonly names: readonly string[]; readonly pattern?: undefined }
  | { readonly names?: undefined; readonly pattern: string };

/** The selection of valid settings (exactly one of topic, topics and topicPattern is given). */
export function topicSelection(settings: Pick<Settings, 'topic' | 'topics' | 'topicPattern'>): TopicSelection {
  if (settings.topicPattern !== undefined) return { pattern: settings.topicPattern };
  if (settings.topics !== undefined) return { names: settings.topics };
  if (settings.topic !== undefined) return { names: [settings.topic] };
  throw new Error('no topic selected: the props checks should have refused these props');
}

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
