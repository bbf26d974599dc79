// `BENCH_DOC=docs/benchmarks.md npm run bench`: writes this run's tables into a Markdown file,
// between the lines `<!-- bench:begin -->` and `<!-- bench:end -->`. Everything outside the markers
// (the hand-written method and how to reproduce) is kept; everything between them is replaced, so
// the numbers in the file are always those of one run, on the commit it names. A file that does not
// exist yet is created with the generated part alone; one without the markers is refused.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../test/support/repo-root';
import { markdownTable, Row } from './table';

export const BEGIN_MARKER = '<!-- bench:begin -->';
export const END_MARKER = '<!-- bench:end -->';

export interface Section {
  title: string;
  tables: { header: Row; rows: Row[] }[];
  notes: string[];
}

export interface RunFacts {
  startedAt: Date;
  /** commitState() when the run started (the bundles were built just before). */
  state: ReturnType<typeof commitState>;
  durationS: number;
  /** The knobs this run was started with (BENCH_* variables other than output paths). */
  knobs: string[];
  command: string;
}

/** `git rev-parse HEAD`, and whether tracked files outside docs/ differ from it. */
export function commitState(): { commit: string; dirty: boolean } | undefined {
  const git = (...args: string[]) => spawnSync('git', args, { encoding: 'utf8', cwd: REPO_ROOT });
  const head = git('rev-parse', 'HEAD');
  if (head.status !== 0) return undefined;
  const status = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)docs');
  return { commit: head.stdout.trim(), dirty: status.stdout.trim() !== '' };
}

/** The BENCH_* variables that shape the run (not where its output goes). */
export function benchKnobs(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(env)
    .filter((k) => k.startsWith('BENCH_') && !['BENCH_DOC', 'BENCH_JSON'].includes(k) && env[k] !== '')
    .sort()
    .map((k) => `${k}=${/^[\w.,:/-]*$/.test(env[k]!) ? env[k] : `'${env[k]}'`}`);
}

export function renderResults(sections: Section[], facts: RunFacts): string {
  const { state } = facts;
  const commit = state
    ? `commit \`${state.commit}\`${state.dirty ? ' with uncommitted changes (tracked files outside docs/)' : ''}`
    : 'no git commit (not a git checkout)';
  const command = [...facts.knobs, facts.command].join(' ');
  const out = [
    BEGIN_MARKER,
    '<!-- Written by the benchmark (BENCH_DOC): a run replaces everything between these markers. -->',
    '',
    '## Results',
    '',
    `Measured ${facts.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} on ${commit}, by \`${command}\`, ` +
      `in ${Math.round(facts.durationS)} s.`,
  ];
  for (const s of sections) {
    out.push('', `### ${s.title}`);
    for (const t of s.tables) out.push('', markdownTable(t.header, t.rows));
    if (s.notes.length > 0) out.push('', ...s.notes.map((n) => `- ${n}`));
  }
  out.push('', END_MARKER);
  return out.join('\n');
}

/** Throws now, before the run, when `writeResults` would refuse `file` at its end. */
export function checkResultsTarget(file: string): void {
  const target = path.resolve(file);
  if (!fs.existsSync(target)) return;
  markerRange(fs.readFileSync(target, 'utf8'), file);
}

/** Where the generated part starts and ends: the markers on lines of their own, once each. */
function markerRange(text: string, file: string): [number, number] {
  const lines = (marker: string) => [...text.matchAll(new RegExp(`^${marker}[ \\t]*$`, 'gm'))].map((m) => m.index!);
  const begins = lines(BEGIN_MARKER);
  const ends = lines(END_MARKER);
  if (begins.length !== 1 || ends.length !== 1 || ends[0] < begins[0]) {
    throw new Error(`${file} needs one ${BEGIN_MARKER} line and, after it, one ${END_MARKER} line`);
  }
  return [begins[0], ends[0] + END_MARKER.length];
}

/** Replaces the part between the markers of `file` (or creates the file) with `block`. */
export function writeResults(file: string, block: string): void {
  const target = path.resolve(file);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${block}\n`);
    return;
  }
  const text = fs.readFileSync(target, 'utf8');
  const [begin, end] = markerRange(text, file);
  fs.writeFileSync(target, text.slice(0, begin) + block + text.slice(end));
}
