// Our reader: clients/kafka KafkaClient.readPartition over all partitions concurrently.
import { KafkaClient, type KafkaRecord } from '../../clients/kafka';
import { printable, runWorker } from './worker-common';

runWorker(async (job, sink) => {
  const client = new KafkaClient({ brokers: job.bootstrap.split(','), clientId: 'bench-ours', log: () => undefined });
  await client.connect();
  if (job.mode === 'headers') {
    for await (const { records } of client.readPartition(job.topic, 0, 0, 1)) {
      return printable((records[0] as KafkaRecord).headers.map((h) => [h.key, h.value]));
    }
  }
  await Promise.all(
    job.partitions.map(async (partition) => {
      for await (const { records } of client.readPartition(job.topic, partition, 0, job.highWatermarks[partition])) {
        let bytes = 0;
        for (const r of records) bytes += r.value ? r.value.length : 0;
        sink.add(records.length, bytes);
      }
    }),
  );
  return undefined;
});
