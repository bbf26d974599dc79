// @platformatic/kafka consumer: a consumer group, the messages stream from 'earliest', stopped
// when every partition reached its high watermark. compare.ts builds this file twice: against
// @platformatic/kafka 2.x and (aliased) 1.x, both run from the scratch install, unbundled.
import { Consumer } from '@platformatic/kafka';
import { Progress, printable, runWorker } from './worker-common';

interface Message {
  partition: number;
  offset: bigint;
  value: Buffer | undefined;
  headers: Map<unknown, unknown>;
  headerEntries?: [unknown, unknown][];
}

runWorker(async (job, sink) => {
  const consumer = new Consumer({
    groupId: job.groupId,
    clientId: 'bench-platformatic',
    bootstrapBrokers: job.bootstrap.split(','),
    // Same per-partition fetch size and wait as our reader (4 MiB, 500 ms).
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTime: 500,
  });
  const stream = await consumer.consume({ topics: [job.topic], mode: 'earliest', autocommit: false });
  const progress = new Progress(job);
  let firstHeaders: unknown;
  stream.on('data', (message: Message) => {
    if (job.mode === 'headers') {
      if (firstHeaders === undefined) {
        firstHeaders = printable({ headers: message.headers, headerEntries: message.headerEntries ?? 'absent' });
      }
    } else {
      sink.add(1, message.value ? message.value.length : 0);
    }
    progress.update(message.partition, Number(message.offset) + 1);
  });
  await Promise.race([
    progress.done,
    new Promise((_, reject) => {
      stream.on('error', reject);
      consumer.on('error', reject);
    }),
  ]);
  return firstHeaders;
});
