// Which topics a run backs up: the one topic, the named ones, or every topic whose whole name
// matches the pattern, looked up in the cluster's metadata on every run, so a topic created
// since the last run is found and a deleted one is left alone.
import { topicSelection } from '../contract/topic-selection';
import { topicMatcher } from '../contract/value-types';
import { KafkaClient } from '../clients/kafka';
import { BackupConfig } from './config';
import { log } from './log';

/** A topic to back up and its partitions, as the cluster's metadata lists them now. */
export interface SelectedTopic {
  readonly topic: string;
  readonly partitions: number[];
}

/** The topics a setting names, for logs: `orders`, `[a, b]` or `/orders\..*\/`. */
export function describeSelection(config: BackupConfig): string {
  const selection = topicSelection(config);
  if (selection.pattern !== undefined) return `/${selection.pattern}/`;
  return selection.kind === 'topics' ? `[${selection.names.join(', ')}]` : selection.names[0];
}

/**
 * The topics of this backup that exist now, sorted by name, with their partitions (one Metadata
 * request for the names, one for the partitions). A named topic that does not exist (deleted, or
 * not created yet) is skipped with a warning: its objects stay, and no run fails because of it.
 * The one `topic` of a single-topic backup must exist (TopicNotFoundError).
 */
export async function selectTopics(config: BackupConfig, kafka: KafkaClient): Promise<SelectedTopic[]> {
  const selection = topicSelection(config);
  if (selection.kind === 'topic')
    return [{ topic: selection.names[0], partitions: await kafka.listPartitions(selection.names[0]) }];
  const existing = await kafka.listTopics();
  let names: string[];
  if (selection.pattern !== undefined) {
    names = existing.filter(topicMatcher(selection.pattern));
  } else {
    const named = [...selection.names].sort();
    names = named.filter((t) => existing.includes(t));
    const missing = named.filter((t) => !existing.includes(t));
    if (missing.length > 0) {
      log('warn', 'topics-not-found', {
        topics: missing,
        reason: 'not in the cluster (deleted, or not created yet): skipped, their backups stay as they are',
      });
    }
  }
  const partitions = await kafka.partitionsOf(names);
  return names.map((topic) => ({ topic, partitions: partitions.get(topic)! }));
}
