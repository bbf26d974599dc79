// 4. Bundle sizes (minified bytes and gzip bytes) and the handler's cold require time on
// SCF's Node.js 18.15: fresh processes that require the bundle, against fresh `node -e 0`
// processes, interleaved, medians of each.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { SCF_NODE } from '../test/support/scf-runtime';
import { REPO_ROOT } from '../test/support/repo-root';
import { median, ms, num, Row, spread } from './table';

export interface BundleSize {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface ColdRequire {
  runs: number;
  baselineMs: number[];
  requireMs: number[];
  /** require() measured inside the process, from just before the call to just after. */
  inProcessMs: number[];
}

export function bundleSizes(): BundleSize[] {
  const bundles = [
    { name: 'handler', file: 'dist/handler/index.js' },
    { name: 'cli', file: 'dist/cli/index.js' },
  ];
  return bundles
    .filter((b) => fs.existsSync(path.join(REPO_ROOT, b.file)))
    .map((b) => {
      const content = fs.readFileSync(path.join(REPO_ROOT, b.file));
      return { ...b, bytes: content.length, gzipBytes: zlib.gzipSync(content, { level: 9 }).length };
    });
}

function wallMs(args: string[]): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(SCF_NODE, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${SCF_NODE} ${args.join(' ')} failed: ${res.stderr}`);
  return { ms: elapsed, stdout: res.stdout };
}

export function coldRequire(runs: number): ColdRequire {
  const bundle = path.join(REPO_ROOT, 'dist', 'handler', 'index.js');
  const script =
    `const t = process.hrtime.bigint(); const m = require(${JSON.stringify(bundle)});` +
    `const d = Number(process.hrtime.bigint() - t) / 1e6; if (typeof m.main_handler !== 'function') process.exit(3); process.stdout.write(String(d));`;
  const result: ColdRequire = { runs, baselineMs: [], requireMs: [], inProcessMs: [] };
  // Warm the page cache for both the binary and the bundle.
  wallMs(['-e', '0']);
  wallMs(['-e', script]);
  for (let i = 0; i < runs; i += 1) {
    result.baselineMs.push(wallMs(['-e', '0']).ms);
    const r = wallMs(['-e', script]);
    result.requireMs.push(r.ms);
    result.inProcessMs.push(Number(r.stdout));
  }
  return result;
}

export const BUNDLE_HEADER: Row = ['bundle', 'minified', 'gzip -9'];

export function bundleRows(sizes: BundleSize[]): Row[] {
  return sizes.map((s) => [
    s.file,
    `${num(s.bytes / 1024)} KiB (${s.bytes.toLocaleString('en-US')} B)`,
    `${num(s.gzipBytes / 1024)} KiB (${s.gzipBytes.toLocaleString('en-US')} B)`,
  ]);
}

export const COLD_HEADER: Row = ['cold start on Node 18.15', 'median', `runs (ms)`];

export function coldRows(c: ColdRequire): Row[] {
  return [
    ['node -e 0 (baseline process)', ms(median(c.baselineMs)), spread(c.baselineMs, (n) => num(n))],
    ['node -e "require(handler)"', ms(median(c.requireMs)), spread(c.requireMs, (n) => num(n))],
    ['cold require = difference of medians', ms(median(c.requireMs) - median(c.baselineMs)), ''],
    ['require() timed inside the process', ms(median(c.inProcessMs)), spread(c.inProcessMs, (n) => num(n))],
  ];
}
