// What every subcommand shares on the command line: where the backup is and how to answer,
// checked before any request, and the help text on the environment variables it reads.
import { Command, Option } from 'commander';
import { SETTINGS } from '../../contract/settings';
import { checkPrefix } from './backup-listing';
import { checkBucketOptions, explainCosError } from './cos-access';
import { DEFAULT_MAX_LINE_BYTES } from './object-lines';
import { parseByteSize } from '../command-line/option-parsers';
import { UsageError } from '../command-line/usage-error';

/** Options every subcommand takes: where the backup is, and how to answer. */
export interface CommonOptions {
  bucket: string;
  region: string;
  prefix: string;
  instanceId?: string;
  topic?: string;
  profile?: string;
  json?: boolean;
}

export function addCommonOptions(command: Command, topic: 'optional' | 'required'): Command {
  command
    .requiredOption('--bucket <name>', 'bucket that holds the backup, <name>-<APPID>')
    .requiredOption('--region <region>', 'region of the bucket, such as ap-guangzhou')
    .option('--prefix <prefix>', "key prefix the backup was written under: '' or ending in '/'", '')
    .option(
      '--instance-id <id>',
      'CKafka instance id, the first folder under the prefix (default: the only one there)',
    );
  if (topic === 'required') {
    command.requiredOption(
      '--topic <topic>',
      'the one topic to restore: one topic per command (ls, verify and status read every topic of the instance without --topic)',
    );
  } else {
    command.option(
      '--topic <topic>',
      'only this topic (default: every topic of the instance, found as the folders under <prefix><instanceId>/, grouped by topic with a summary line each)',
    );
  }
  return command
    .option(
      '--profile <name>',
      'credentials profile from ~/.tencentcloud/credentials or ~/.tccli (default: environment variables)',
    )
    .option('--json', 'print one JSON document for scripts instead of text (no progress bar)');
}

/**
 * Checks the common options' values before any request, in the order of the options: a bad one is
 * a usage error (exit 2) naming the option, the value and the rule. The instance id and the topic
 * follow the rules the backup function applies to them (contract/settings.ts), so a value that
 * breaks them cannot name a backup.
 */
export function checkCommonOptions(options: CommonOptions, env: NodeJS.ProcessEnv = process.env): void {
  checkBucketOptions(options, env);
  checkPrefix(options.prefix);
  if (options.instanceId !== undefined && SETTINGS.instanceId.type.check(options.instanceId).length > 0) {
    throw new UsageError(
      `--instance-id "${options.instanceId}" is not a CKafka instance id: "ckafka-" followed by lowercase letters and digits, such as ckafka-abcd1234`,
    );
  }
  if (options.topic !== undefined && SETTINGS.topic.type.check(options.topic).length > 0) {
    throw new UsageError(
      `--topic "${options.topic}" is not a Kafka topic name: 1-249 characters of letters, digits, ".", "_" and "-"`,
    );
  }
}

/**
 * The action of a command that reads a backup. A COS failure anywhere in it is explained here,
 * once, in words that name the option or the setting to check; a number returned is the exit status.
 */
export function backupAction<O extends CommonOptions>(
  run: (options: O) => Promise<number | void>,
): (options: O) => Promise<void> {
  return async (options) => {
    try {
      const status = await run(options);
      if (typeof status === 'number') process.exitCode = status;
    } catch (error) {
      throw explainCosError(error, options);
    }
  };
}

/**
 * `--max-line-bytes`: the longest record line read, so one huge line cannot exhaust memory.
 * `memory` says how the command's peak memory follows from it (docs/cli.md, Memory).
 */
export function addMaxLineBytesOption(command: Command, memory?: string): Command {
  return command.addOption(
    new Option(
      '--max-line-bytes <size>',
      'longest record line read (bytes, or with KiB/MiB/GiB); a longer one is an error naming the object and line' +
        (memory ? `. ${memory}` : ''),
    )
      .argParser((value: string) => parseByteSize('--max-line-bytes', value))
      .default(DEFAULT_MAX_LINE_BYTES, '64MiB'),
  );
}

/** Help shared by the commands: where credentials come from and what the exit status means. */
export function environmentHelp(more = ''): string {
  return `
Environment:
  TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY, TENCENTCLOUD_SESSIONTOKEN
      Tencent Cloud keys (as in SCF). TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and
      TENCENTCLOUD_SECURITY_TOKEN (the Terraform provider's names) work too; without any, the
      profile TENCENTCLOUD_PROFILE (or default) of ~/.tencentcloud/credentials is used.
  ${SETTINGS.cosEndpoint.env}
      URL of a COS-compatible endpoint (path style), instead of the region's public one.${more}

Exit status:
  0  success (verify: no problem found)
  1  problems found, or the work failed
  2  usage error: bad or missing option, missing credentials, unknown bucket, instance or topic`;
}
