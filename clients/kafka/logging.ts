// Where the Kafka client's logs go: the caller's sink, or JSON lines on stderr.
import type { KafkaConnectionConfig, KafkaLogEntry } from './types';

function writeJsonToStderr(entry: KafkaLogEntry): void {
  process.stderr.write(JSON.stringify(entry) + '\n');
}

/** Where this folder's own log entries (retries) and kafkajs' go. */
export function logSink(config: KafkaConnectionConfig): (entry: KafkaLogEntry) => void {
  return config.log ?? writeJsonToStderr;
}
