// ckafka-cos-backup: list, verify and restore the backups that the CkafkaCosBackup construct's
// function writes to COS. Errors are printed as one line, without a stack trace.
import { Command, CommanderError } from 'commander';
// esbuild (scripts/bundle.js) inlines this one field of package.json into the bundle at build
// time: `--version` reads no file at run time, wherever the package is installed or copied.
import { version } from '../package.json';
import { environmentHelp } from './backup/backup-options';
import { lsCommand } from './ls/ls';
import { restoreCommand } from './restore/restore';
import { statusCommand } from './status/status';
import { EXIT, UsageError } from './command-line/usage-error';
import { verifyCommand } from './verify/verify';

function program(): Command {
  const root = new Command('ckafka-cos-backup')
    .version(version, '-V, --version', 'print the version of ckafka-cos-backup and exit')
    .description(
      'List, verify, restore and check the freshness of backups of CKafka (Kafka) topics in COS, as written by the CkafkaCosBackup construct.\n\n' +
        'Objects are <prefix><instanceId>/<topic>/dt=<YYYY-MM-DD>/hour=<HH>/partition=<p>/<topic>+<p>+<startOffset>.jsonl.gz:\n' +
        'gzip JSON Lines, one record per line, with the first and last offset, the record count and the next offset (where ' +
        'the following object starts) in the object metadata. Keys under <prefix><instanceId>/<topic>/_state/ are the ' +
        "backup's own bookkeeping, such as ranges that retention deleted before the backup read them.",
    )
    .addHelpText(
      'after',
      `${environmentHelp()}

Examples:
  ckafka-cos-backup ls      --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/
  ckafka-cos-backup verify  --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ --topic orders
  ckafka-cos-backup restore --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ --topic orders \\
                            --to-bootstrap 10.0.0.12:9092 --to-topic orders-restored
  ckafka-cos-backup status  --bucket backup-1250000000 --region ap-guangzhou --prefix kafka/ --max-age 30m
  ckafka-cos-backup help restore`,
    );
  for (const command of [lsCommand(), verifyCommand(), restoreCommand(), statusCommand()]) root.addCommand(command);
  for (const command of [root, ...root.commands]) {
    command.exitOverride().showHelpAfterError('(add --help for usage)');
  }
  return root;
}

async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed the message (or the help) already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const usage = error instanceof UsageError;
    process.stderr.write(`ckafka-cos-backup: ${usage ? '' : 'error: '}${(error as Error).message ?? String(error)}\n`);
    return usage ? EXIT.usage : EXIT.problems;
  }
}

// `ckafka-cos-backup ls --json | head` closes the pipe early: stop quietly instead of crashing.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.problems;
  },
);
