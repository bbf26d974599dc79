// 5. Synth time of a stack with N backups, and of one backup of many topics next to as many
// single-topic backups: a fresh process per measurement (synth-child.ts, bundled here once with
// the same settings as scripts/run-ts.js), median of `runs` for each stack.
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../test/support/repo-root';
import { median, ms, num, Row, spread } from './table';

export interface SynthSample {
  /** Backups in the stack. */
  count: number;
  /** Topics of each backup: a number of named topics, or a pattern. */
  topics: number | 'pattern';
  loadMs: number;
  constructMs: number;
  synthMs: number;
  totalMs: number;
  processMs: number;
  /** Absent when the construct refused the props. */
  stackJsonBytes?: number;
  /** Resource blocks in cdk.tf.json. */
  resources?: number;
  /** Data source blocks in cdk.tf.json. */
  dataSources?: number;
  /** The construct's problems with the props, when it refused them (then nothing is synthesized). */
  refused?: string[];
}

/** A stack to synthesize: `backups` backups of `topics` named topics each (1: kafka.topic), or of a pattern. */
export interface SynthShape {
  readonly backups: number;
  readonly topics: number | 'pattern';
}

/**
 * The child bundled in memory, and run from stdin with the repository as its working directory:
 * its `require`s resolve from this checkout's node_modules and the handler bundle is this
 * checkout's dist/handler. Nothing is written: a .build/ shared between checkouts (a symlink)
 * would otherwise get one checkout's child overwritten by another's, and resolve into it.
 */
function childCode(): string {
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'synth-child.ts')],
    outfile: path.join(REPO_ROOT, 'synth-child.js'),
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return outputFiles[0].text;
}

function describe(shape: SynthShape): string {
  if (shape.topics === 'pattern') return `${shape.backups} backups of a pattern`;
  return `${shape.backups} backups of ${shape.topics} topics`;
}

export function runSynth(shapes: SynthShape[], runs: number, log: (line: string) => void): SynthSample[][] {
  const code = childCode();
  return shapes.map((shape) => {
    const samples: SynthSample[] = [];
    for (let i = 0; i < runs; i += 1) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
      try {
        const t0 = process.hrtime.bigint();
        const res = spawnSync(process.execPath, ['-', String(shape.backups), outdir, String(shape.topics)], {
          input: code,
          encoding: 'utf8',
          cwd: REPO_ROOT,
          maxBuffer: 64 * 1024 * 1024,
        });
        const processMs = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.status !== 0) throw new Error(`synth of ${describe(shape)} failed:\n${res.stderr}`);
        samples.push({ ...JSON.parse(res.stdout.trim().split('\n').pop()!), processMs });
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    const refused = samples[0].refused ? ' (refused)' : '';
    log(
      `synth ${describe(shape)}${refused}: ${spread(
        samples.map((s) => s.constructMs + s.synthMs),
        (n) => num(n),
      )} ms`,
    );
    return samples;
  });
}

export const SYNTH_HEADER: Row = [
  'backups in the stack',
  'construct + app.synth()',
  'runs (ms)',
  'of which app.synth()',
  'load cdktf + lib',
  'whole process',
  'cdk.tf.json',
];

export function synthRows(results: SynthSample[][]): Row[] {
  return results.map((samples) => [
    String(samples[0].count),
    ms(median(samples.map((s) => s.constructMs + s.synthMs))),
    spread(
      samples.map((s) => s.constructMs + s.synthMs),
      (n) => num(n),
    ),
    ms(median(samples.map((s) => s.synthMs))),
    ms(median(samples.map((s) => s.loadMs))),
    ms(median(samples.map((s) => s.processMs))),
    `${num(samples[0].stackJsonBytes! / 1024)} KiB`,
  ]);
}

/** One backup of 1, 27 (the most 20-character names one CAM policy takes here), 50 and 200 named topics, a pattern, and 200 backups. */
export const TOPIC_SHAPES: SynthShape[] = [
  { backups: 1, topics: 1 },
  { backups: 1, topics: 27 },
  { backups: 1, topics: 50 },
  { backups: 1, topics: 200 },
  { backups: 1, topics: 'pattern' },
  { backups: 200, topics: 1 },
];

export const TOPICS_HEADER: Row = [
  'stack',
  'topics',
  'construct + app.synth()',
  'runs (ms)',
  'resources + data sources',
  'cdk.tf.json',
];

/** Why the construct refused a stack, in a few words: which limits the props break. */
function refusal(problems: string[]): string {
  const limits = problems.map((p) =>
    p.includes("execution role's policy") ? 'CAM policy' : p.includes('environment') ? '4 KB environment' : p,
  );
  return `refused at synth (${limits.join(', ')})`;
}

export function topicRows(results: SynthSample[][]): Row[] {
  return results.map((samples) => {
    const [first] = samples;
    const stack =
      first.count > 1
        ? `${first.count} backups, one topic each`
        : first.topics === 'pattern'
          ? '1 backup, kafka.topicPattern'
          : first.topics === 1
            ? '1 backup, kafka.topic'
            : '1 backup, kafka.topics';
    const topics = first.topics === 'pattern' ? 'any' : String(first.count * first.topics);
    const time = samples.map((s) => s.constructMs + s.synthMs);
    if (first.refused)
      return [stack, topics, ms(median(time)), spread(time, (n) => num(n)), refusal(first.refused), '-'];
    return [
      stack,
      topics,
      ms(median(time)),
      spread(time, (n) => num(n)),
      `${first.resources} + ${first.dataSources}`,
      `${num(first.stackJsonBytes! / 1024)} KiB`,
    ];
  });
}
