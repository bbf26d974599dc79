/**
 * The whole backup on one machine: a Kafka broker (librdkafka's mock cluster) and a COS
 * compatible server on loopback, sample messages, one timer run of the bundled handler on
 * SCF's Node.js version, and the objects it wrote.
 */
import * as zlib from 'zlib';
import { isStateKey } from '../cli/backup/backup-listing';
import { expectNoDenials } from '../test/support/access-control';
import { BUCKET, PREFIX, handlerEnv, startPeers } from '../test/support/backup-fixture';
import { produce } from '../test/support/kcat';
import { invokeHandler } from '../test/support/scf-runtime';

const TOPIC = 'orders';

async function main(): Promise<void> {
  console.log('Starting a 3-broker Kafka mock cluster and a COS server on 127.0.0.1 (enforcing the role policy) ...');
  const peers = await startPeers([{ name: TOPIC, partitions: 3 }]);
  try {
    console.log(`  kafka: ${peers.kafka.bootstrap}\n  cos:   ${peers.cos.endpoint} (bucket ${BUCKET})`);
    const now = Date.now();
    await produce(
      peers.kafka.bootstrap,
      TOPIC,
      Array.from({ length: 3000 }, (_, i) => ({
        partition: i % 3,
        key: Buffer.from(`order-${i}`),
        value: Buffer.from(
          JSON.stringify({ id: i, amount: (i * 7) % 1000, note: i % 10 === 0 ? 'multi\nline' : 'ok' }),
        ),
        headers:
          i % 5 === 0
            ? [
                ['source', 'web'],
                ['trace', `t-${i}`],
              ]
            : [],
        timestamp: now - (3000 - i) * 100,
      })),
      { compression: 'lz4' },
    );
    console.log(`Produced 3000 messages to "${TOPIC}" (3 partitions, lz4).\n`);

    // Without a "Time" field the run is not cut short by the next timer firing.
    const event = { Type: 'Timer', TriggerName: 'backup-timer', Message: '' };
    console.log(
      `Invoking the bundled handler as SCF would (Node.js 18.15): main_handler(${JSON.stringify(event)}, context)`,
    );
    const run = await invokeHandler(event, { env: handlerEnv(peers, TOPIC, { BACKUP_SAFETY_MARGIN_SECONDS: '5' }) });
    for (const line of run.logs) console.log(`  log ${JSON.stringify(line)}`);
    if (!run.ok) throw new Error(`the handler failed: ${run.error ?? run.stderr}`);

    // `_state/` keys hold the backup's own progress record, not records.
    const objects = (await peers.cos.listObjects(BUCKET, PREFIX)).filter((o) => !isStateKey(o.key, PREFIX));
    console.log(`\nObjects in cos://${BUCKET}/${PREFIX}:`);
    for (const object of objects) {
      console.log(
        `  ${object.key}  ${object.size} B  first=${object.metadata['first-offset']} last=${object.metadata['last-offset']} count=${object.metadata['record-count']}`,
      );
    }
    const sample = zlib
      .gunzipSync(await peers.cos.getObject(BUCKET, objects[0].key))
      .toString('utf8')
      .split('\n')
      .slice(0, 2);
    console.log(`\nFirst lines of ${objects[0].key}:\n  ${sample.join('\n  ')}`);

    const again = await invokeHandler(event, { env: handlerEnv(peers, TOPIC) });
    console.log(
      `\nA second run finds nothing new: ${again.result.records} records, ${again.result.objects} objects written.`,
    );
    // The local COS checks the role's requests against the construct's policy, as COS does.
    expectNoDenials();
    console.log('Every request of the function was allowed by the role policy the construct writes.');
  } finally {
    await peers.stop();
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
