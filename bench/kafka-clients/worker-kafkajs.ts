// kafkajs 2.2.4 consumer: a consumer group, eachBatch, from the beginning, stopped when every
// partition reached its high watermark. Codecs (job.variant):
//   builtin  - kafkajs alone (gzip only)
//   packages - kafkajs-snappy + kafkajs-lz4 (native `lz4`, loaded from the scratch install)
//   purejs   - the repo's pure-JS codecs (clients/kafka/compression) registered into kafkajs by the adapter
import { CompressionCodecs, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { registerKafkajsCodecs } from '../../clients/kafka';
import { Progress, printable, runWorker } from './worker-common';

runWorker(async (job, sink) => {
  if (job.variant === 'packages') {
    // Kept out of the bundle (compare.ts marks them external): `lz4` is a native addon.
    const SnappyCodec = require('kafkajs-snappy');
    const LZ4Codec = require('kafkajs-lz4');
    CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
    CompressionCodecs[CompressionTypes.LZ4] = new LZ4Codec().codec;
  } else if (job.variant === 'purejs') {
    registerKafkajsCodecs();
  }
  const kafka = new Kafka({ brokers: job.bootstrap.split(','), clientId: 'bench-kafkajs', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: job.groupId,
    // Same per-partition fetch size and wait as our reader (4 MiB, 500 ms).
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 50 * 1024 * 1024,
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: job.topic, fromBeginning: true });
  const progress = new Progress(job);
  let firstHeaders: unknown;
  let failed: unknown;
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: job.partitions.length,
    eachBatch: async ({ batch }) => {
      try {
        if (job.mode === 'headers') {
          if (firstHeaders === undefined && batch.messages.length > 0)
            firstHeaders = printable(batch.messages[0].headers);
        } else {
          let bytes = 0;
          for (const m of batch.messages) bytes += m.value ? m.value.length : 0;
          sink.add(batch.messages.length, bytes);
        }
        if (batch.messages.length > 0) progress.update(batch.partition, Number(batch.lastOffset()) + 1);
      } catch (error) {
        failed = error;
      }
    },
  });
  consumer.on(consumer.events.CRASH, (event) => {
    failed = event.payload.error;
  });
  await Promise.race([
    progress.done,
    new Promise((_, reject) => {
      const timer = setInterval(() => {
        if (failed) {
          clearInterval(timer);
          reject(failed);
        }
      }, 50);
    }),
  ]);
  return firstHeaders;
});
