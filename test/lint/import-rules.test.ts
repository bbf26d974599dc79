// The import rules of `npm run lint` fire: an import cycle, a CLI file importing handler code, a
// command importing another command, and a deep import into a shared client each fail it.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/repo-root';

interface Probe {
  /** Where the code would stand in the repository (it is linted as that file, not written there). */
  file: string;
  code: string;
}

/**
 * The rule ids ESLint reports for each probe, with the repository's own config. ESLint loads its
 * config as an ES module, which jest's module system cannot, so it runs in a child process.
 */
function lint(probes: Probe[], files: string[] = []): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const [probes, files] = JSON.parse(process.argv[1]);
      const out = [];
      for (const p of probes) out.push((await eslint.lintText(p.code, { filePath: p.file }))[0]);
      if (files.length > 0) out.push(...(await eslint.lintFiles(files)));
      console.log(JSON.stringify(out.map((r) => r.messages.map((m) => m.ruleId ?? m.message))));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const input = JSON.stringify([probes.map((p) => ({ ...p, file: path.join(REPO_ROOT, p.file) })), files]);
  return JSON.parse(execFileSync(process.execPath, ['-e', script, input], { cwd: REPO_ROOT, encoding: 'utf8' }));
}

const FORBIDDEN: [string, Probe][] = [
  ['a CLI file importing the handler', { file: 'cli/ls/probe.ts', code: "import { log } from '../../functions/log';" }],
  [
    'a command importing another command',
    { file: 'cli/ls/probe.ts', code: "import { statusCommand } from '../status/status';" },
  ],
  [
    'shared CLI code importing a command',
    { file: 'cli/backup/probe.ts', code: "import { restoreCommand } from '../restore/restore';" },
  ],
  [
    'the handler importing a client file past its index',
    { file: 'functions/probe.ts', code: "import { KafkaDataError } from '../clients/kafka/errors';" },
  ],
  [
    'a client importing the handler',
    { file: 'clients/kafka/probe.ts', code: "import { log } from '../../functions/log';" },
  ],
  [
    'the construct importing the CLI',
    { file: 'lib/probe.ts', code: "import { EXIT } from '../cli/command-line/usage-error';" },
  ],
];
const ALLOWED: Probe = {
  file: 'functions/probe.ts',
  code: "import { KafkaDataError } from '../clients/kafka';\nimport { mapConcurrent } from '../clients';",
};

/** The names a probe imports, so that it uses them (an unused import would be a finding of its own). */
function importedNames(code: string): string[] {
  return [...code.matchAll(/import \{ (\w+) \}/g)].map((m) => m[1]);
}

let results: string[][];
let cycle: string[];

beforeAll(() => {
  // Two files that import each other, in a scratch folder that git ignores.
  fs.mkdirSync(path.join(REPO_ROOT, 'test-output'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(REPO_ROOT, 'test-output', 'cycle-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.ts'), "// A probe.\nimport { b } from './b';\nexport const a = () => b;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "// A probe.\nimport { a } from './a';\nexport const b = () => a;\n");
    const probes = [...FORBIDDEN.map(([, probe]) => probe), ALLOWED].map((p) => ({
      file: p.file,
      code: `// A probe.\n${p.code}\nexport const used = [${importedNames(p.code).join(', ')}];\n`,
    }));
    const all = lint(probes, [path.join(dir, 'a.ts')]);
    results = all.slice(0, probes.length);
    cycle = all[probes.length];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test.each(FORBIDDEN.map(([what], i) => [what, i] as const))('%s fails', (_what, i) => {
  expect(results[i]).toContain('import-x/no-restricted-paths');
});

test('the same imports through the allowed doors pass', () => {
  expect(results[FORBIDDEN.length]).toEqual([]);
});

test('an import cycle fails', () => {
  expect(cycle).toContain('import-x/no-cycle');
});
