// The measured numbers of docs/costs-and-performance.md are copied from docs/benchmarks.md, which
// the benchmark writes (BENCH_DOC) with the commit it ran on. Rerunning the benchmark without
// updating that page, or editing a number by hand, fails here.
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/repo-root';

const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'costs-and-performance.md'), 'utf8');
const benchmarks = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), 'utf8');
// The markers stand on lines of their own (the prose above them quotes them inline).
const results = /^<!-- bench:begin -->$([\s\S]*)^<!-- bench:end -->$/m.exec(benchmarks)?.[1] ?? '';

/** Numbers the page computes from measured ones, with the computation. */
const DERIVED: Record<string, { from: string; compute: (measured: number) => string }> = {
  // GiB one 5-minute run backs up at the measured rate: 270 s of budget, MiB/s -> GiB.
  '13.6': { from: '51.6', compute: (mibPerSecond) => ((mibPerSecond * 270) / 1024).toFixed(1) },
};

function section(name: string): string {
  const start = page.indexOf(`## ${name}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

test('the benchmark results name the commit they were measured on', () => {
  expect(results).toMatch(/on commit `[0-9a-f]{40}`/);
});

describe.each(['Costs', 'Performance'])('docs/costs-and-performance.md "%s"', (name) => {
  const text = section(name).replace(/\]\([^)]*\)/g, ']'); // link targets hold document numbers
  const commit = /on commit `([0-9a-f]{40})`/.exec(results)?.[1] ?? 'none';

  test('names the commit of the benchmark results', () => {
    expect(text).toContain(`commit ${commit.slice(0, 7)}`);
  });

  test('quotes only numbers the benchmark printed, or computes them from those', () => {
    const numbers = [...new Set(text.match(/\d{1,3}(?:,\d{3})+|\d+\.\d+/g) ?? [])];
    expect(numbers.length).toBeGreaterThan(5);
    const unsourced = numbers.filter((n) => {
      if (results.includes(n)) return false;
      const derived = DERIVED[n];
      return !(derived && results.includes(derived.from) && derived.compute(Number(derived.from)) === n);
    });
    expect(unsourced).toEqual([]);
  });
});
