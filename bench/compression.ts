// Section 6: gzip levels 1, 6 and 9 on the handler's record lines, on the handler's Node.js.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from '../test/support/repo-root';
import { SCF_NODE } from '../test/support/scf-runtime';
import { median, Row } from './table';

interface Sample {
  level: number;
  inputBytes: number;
  outputBytes: number;
  seconds: number;
}

export const COMPRESSION_HEADER: Row = ['gzip level', 'MiB/s in', 'speed vs 6', 'stored / input', 'size vs 6'];

export function runCompression(mib: number, repetitions: number): Sample[] {
  const script = path.join(REPO_ROOT, 'bench', 'gzip-levels.js');
  const res = spawnSync(SCF_NODE, [script, String(mib), String(repetitions)], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${script} failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as Sample[];
}

export function compressionRows(samples: Sample[]): Row[] {
  const byLevel = (level: number) => {
    const of = samples.filter((s) => s.level === level);
    return {
      mibPerS: median(of.map((s) => s.inputBytes / 1048576 / s.seconds)),
      ratio: median(of.map((s) => s.outputBytes / s.inputBytes)),
    };
  };
  const base = byLevel(6);
  return [1, 6, 9].map((level) => {
    const { mibPerS, ratio } = byLevel(level);
    return [
      level === 6 ? '6 (default)' : String(level),
      mibPerS.toFixed(0),
      `${(mibPerS / base.mibPerS).toFixed(2)}x`,
      ratio.toFixed(3),
      `${(ratio / base.ratio).toFixed(2)}x`,
    ];
  });
}
