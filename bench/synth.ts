// 5. Synth time of a stack with N backups: a fresh process per measurement (synth-child.ts,
// bundled here once with the same settings as scripts/run-ts.js), median of `runs` for each N.
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../test/support/repo-root';
import { median, ms, num, Row, spread } from './table';

export interface SynthSample {
  count: number;
  loadMs: number;
  constructMs: number;
  synthMs: number;
  totalMs: number;
  processMs: number;
  stackJsonBytes: number;
}

export function runSynth(counts: number[], runs: number, log: (line: string) => void): SynthSample[][] {
  const child = path.join(REPO_ROOT, '.build', 'bench', 'synth-child.js');
  esbuild.buildSync({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'synth-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return counts.map((count) => {
    const samples: SynthSample[] = [];
    for (let i = 0; i < runs; i += 1) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
      try {
        const t0 = process.hrtime.bigint();
        const res = spawnSync(process.execPath, [child, String(count), outdir], { encoding: 'utf8', cwd: REPO_ROOT });
        const processMs = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.status !== 0) throw new Error(`synth of ${count} backups failed:\n${res.stderr}`);
        samples.push({ ...JSON.parse(res.stdout.trim().split('\n').pop()!), processMs });
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    log(
      `synth ${count} backups: ${spread(
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
    `${num(samples[0].stackJsonBytes / 1024)} KiB`,
  ]);
}
