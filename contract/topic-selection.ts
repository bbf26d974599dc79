// Which topics one backup reads, from its settings: the one `topic`, the named `topics`, or the
// topics matching `topicPattern` (exactly one of them: a cross rule of the settings table). The
// construct and the handler both read the three settings through this.
import { Settings } from './settings';

/**
 * The topics of a backup: by name (`kind` says whether it was the one `topic` or the `topics`
 * list), or a pattern whose topics are known only at run time.
 */
export type TopicSelection =
  | { readonly kind: 'topic' | 'topics'; readonly names: readonly string[]; readonly pattern?: undefined }
  | { readonly kind: 'pattern'; readonly names?: undefined; readonly pattern: string };

/** The selection of valid settings (exactly one of topic, topics and topicPattern is given). */
export function topicSelection(settings: Pick<Settings, 'topic' | 'topics' | 'topicPattern'>): TopicSelection {
  if (settings.topicPattern !== undefined) return { kind: 'pattern', pattern: settings.topicPattern };
  if (settings.topics !== undefined) return { kind: 'topics', names: settings.topics };
  if (settings.topic !== undefined) return { kind: 'topic', names: [settings.topic] };
  throw new Error('no topic selected: the settings rules require exactly one of topic, topics and topicPattern');
}
