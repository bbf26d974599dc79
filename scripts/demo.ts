// The whole backup on one machine: a Kafka broker (librdkafka's mock cluster) and a COS
// compatible server on loopback, sample messages, one timer run of the bundled handler on
// SCF's Node.js version, and the objects it wrote.
//
//   npm run demo                 runs the backup, shows it, stops both servers
//   npm run demo -- --keep       then keeps both running and prints CLI commands to try on them
//                                (ls, verify, status, restore); Ctrl-C stops them
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { Command } from 'commander';
import { isStateKey } from '../cli/backup/backup-listing';
import { expectNoDenials } from '../test/support/access-control';
import { BUCKET, PREFIX, Peers, handlerEnv, startPeers } from '../test/support/backup-fixture';
import { produce } from '../test/support/kcat';
import { REPO_ROOT } from '../test/support/repo-root';
import { invokeHandler } from '../test/support/scf-runtime';

const TOPIC = 'orders';
/** The topic the printed `restore` command writes to: same partitions as the source. */
const RESTORE_TOPIC = 'orders-restored';
const PARTITIONS = 3;
const REGION = 'ap-guangzhou';
/** The bundled CLI, as the package's `bin` runs it (`npm run demo` bundles it first). */
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js');

interface DemoOptions {
  keep?: boolean;
}

function parseOptions(argv: string[]): DemoOptions {
  return new Command('npm run demo --')
    .description(
      'Back up a Kafka topic into COS on this machine: a local Kafka mock broker and a local COS server, ' +
        'sample messages and one run of the bundled SCF handler.',
    )
    .option(
      '--keep',
      'keep the broker and the COS server running after the backup and print CLI commands to try on them; Ctrl-C stops them',
    )
    .allowExcessArguments(false)
    .showHelpAfterError('(add --help for usage)')
    .parse(argv)
    .opts<DemoOptions>();
}

async function backUp(peers: Peers): Promise<void> {
  console.log(`  kafka: ${peers.kafka.bootstrap}\n  cos:   ${peers.cos.endpoint} (bucket ${BUCKET})`);
  const now = Date.now();
  await produce(
    peers.kafka.bootstrap,
    TOPIC,
    Array.from({ length: 3000 }, (_, i) => ({
      partition: i % PARTITIONS,
      key: Buffer.from(`order-${i}`),
      value: Buffer.from(JSON.stringify({ id: i, amount: (i * 7) % 1000, note: i % 10 === 0 ? 'multi\nline' : 'ok' })),
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
  console.log(`Produced 3000 messages to "${TOPIC}" (${PARTITIONS} partitions, lz4).\n`);

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
}

/** One shell word: as is when it needs no quoting, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The commands printed in keep mode, each one shell line: the environment first, then the CLI
 * against the demo's servers. `cwd` is where the user typed `npm run demo` (npm runs scripts from
 * the package root and says where it was started in INIT_CWD).
 */
function cliCommands(peers: Peers, checkpoint: string, cwd: string): { env: string; commands: string[] } {
  // The local COS server checks only the function role's keys: any others are accepted.
  const env = `export BACKUP_COS_ENDPOINT=${shellWord(peers.cos.endpoint)} TENCENTCLOUD_SECRETID=demo-id TENCENTCLOUD_SECRETKEY=demo-key`;
  const cli = ['node', path.relative(cwd, CLI) || CLI];
  const location = ['--bucket', BUCKET, '--region', REGION, '--prefix', PREFIX];
  const line = (...args: string[]) => [...cli, ...args].map(shellWord).join(' ');
  return {
    env,
    commands: [
      line('ls', ...location),
      line('verify', ...location, '--topic', TOPIC),
      line('status', ...location, '--bootstrap', peers.kafka.bootstrap),
      // The mock broker has no idempotent producer; the checkpoint goes to the demo's temp dir.
      line(
        'restore',
        ...location,
        '--topic',
        TOPIC,
        '--to-bootstrap',
        peers.kafka.bootstrap,
        '--to-topic',
        RESTORE_TOPIC,
        '--no-idempotent',
        '--checkpoint',
        checkpoint,
      ),
    ],
  };
}

/** Resolves on the first SIGINT or SIGTERM; a second one while stopping exits at once. */
function untilStopped(): Promise<NodeJS.Signals> {
  // The broker's child process does not keep Node alive by itself: this timer does.
  const alive = setInterval(() => undefined, 1 << 30);
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        console.error(`${signal} again: exiting without waiting for the servers`);
        process.exit(1);
      }
      stopping = true;
      clearInterval(alive);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function keepRunning(peers: Peers): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckafka-cos-backup-demo-'));
  const stopped = untilStopped();
  const { env, commands } = cliCommands(
    peers,
    path.join(workDir, 'restore-checkpoint.json'),
    process.env.INIT_CWD || process.cwd(),
  );
  console.log(
    [
      '',
      `The Kafka broker and the COS server keep running. Try the CLI on the backup in another shell, from ${process.env.INIT_CWD || process.cwd()}:`,
      '',
      `  ${env}`,
      '',
      ...commands.map((c) => `  ${c}`),
      '',
      `restore writes the backup of "${TOPIC}" into "${RESTORE_TOPIC}", another topic of the same broker, and`,
      `keeps its checkpoint in ${workDir} (removed on exit). Add --help to any command for its options.`,
      '',
      'Press Ctrl-C to stop the broker and the COS server.',
    ].join('\n'),
  );
  const signal = await stopped;
  console.log(`\n${signal}: stopping the Kafka broker and the COS server ...`);
  try {
    await peers.stop();
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  console.log('Stopped.');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  console.log('Starting a 3-broker Kafka mock cluster and a COS server on 127.0.0.1 (enforcing the role policy) ...');
  const peers = await startPeers([
    { name: TOPIC, partitions: PARTITIONS },
    { name: RESTORE_TOPIC, partitions: PARTITIONS },
  ]);
  try {
    await backUp(peers);
  } catch (error) {
    await peers.stop();
    throw error;
  }
  if (options.keep) await keepRunning(peers);
  else await peers.stop();
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
