// Facts about the machine and the tools the numbers were measured with.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { SCF_NODE } from '../test/support/scf-runtime';
import { KafkaMock } from '../test/support/kafka-mock';
import { REPO_ROOT } from '../test/support/repo-root';
import { Row } from './table';

/** The first line of the command's output, or the capture groups of `pattern` joined by ', '. */
function firstLine(cmd: string, args: string[], pattern?: RegExp, groups = 1): string {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  const text = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (pattern) {
    const m = pattern.exec(text);
    return m ? m.slice(1, groups + 1).join(', ') : 'unknown';
  }
  return text.trim().split('\n')[0] || 'unknown';
}

/** The commit the bundle was built from, and whether its sources (functions/, contract/) differed from it. */
function handlerRevision(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: REPO_ROOT });
  if (head.status !== 0) return 'not a git checkout';
  const dirty =
    spawnSync('git', ['status', '--porcelain', '--', 'functions', 'contract'], {
      encoding: 'utf8',
      cwd: REPO_ROOT,
    }).stdout.trim() !== '';
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes in functions/ or contract/' : ''}`;
}

export function machineRows(kafka?: KafkaMock, loadAtStart?: number[]): Row[] {
  const cpus = os.cpus();
  const disk = firstLine('df', ['-h', '--output=avail', os.tmpdir()], /\n\s*(\S+)/);
  return [
    ['cpu', `${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores (os.cpus), nproc ${firstLine('nproc', [])}`],
    ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    [
      'os',
      `${os.type()} ${os.release()}${fs.existsSync('/etc/debian_version') ? `, Debian ${fs.readFileSync('/etc/debian_version', 'utf8').trim()}` : ''}`,
    ],
    ['node (benchmark, COS server, synth)', process.version],
    ['node (handler, SCF runtime)', firstLine(SCF_NODE, ['--version'])],
    [
      'kafka broker',
      kafka ? `librdkafka ${kafka.librdkafkaVersion} mock cluster, ${kafka.flavour} flavour, 3 brokers` : 'not started',
    ],
    ['kcat', firstLine('kcat', ['-V'], /(Version \S+) .*?(librdkafka \S+)/s, 2)],
    ['free disk in tmpdir', disk],
    [
      'load average 1/5/15 min',
      `${loadAtStart ? `${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at the start, ` : ''}${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the end`,
    ],
    ['handler code', handlerRevision()],
  ];
}
