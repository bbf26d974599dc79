#!/usr/bin/env node
// npm run docs:api:check: fails (exit 1) when an exported symbol or public member of the API
// (lib/index.ts) has no doc comment, or when docs/api/ is not what `npm run docs:api` writes now.
//
// TypeDoc runs once, with typedoc.json (whose validation turns a missing doc comment into an
// error), writing into a temporary directory that is then compared with docs/api/ file by file.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const COMMITTED = path.join(ROOT, 'docs', 'api');
const TYPEDOC = path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');

/** Relative paths of every file under `dir`, sorted; none when it does not exist. */
function files(dir, prefix = '') {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = path.join(prefix, entry.name);
      return entry.isDirectory() ? files(path.join(dir, entry.name), rel) : [rel];
    })
    .sort();
}

/** Runs TypeDoc into `out` and compares; returns the problems found. */
function check(out) {
  const typedoc = spawnSync(process.execPath, [TYPEDOC, '--out', out, '--logLevel', 'Warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (typedoc.status !== 0) {
    return [
      'TypeDoc failed (above). For "does not have any documentation", write a doc comment where the ' +
        'symbol or member is declared (for what lib/index.ts re-exports from .gen/, at that export).',
    ];
  }
  const generated = files(out);
  const committed = files(COMMITTED);
  const stale = [
    ...generated.filter((f) => !committed.includes(f)).map((f) => `missing: docs/api/${f}`),
    ...committed.filter((f) => !generated.includes(f)).map((f) => `not generated any more: docs/api/${f}`),
    ...generated
      .filter((f) => committed.includes(f))
      .filter((f) => !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(COMMITTED, f))))
      .map((f) => `out of date: docs/api/${f}`),
  ];
  if (stale.length > 0) {
    return [
      `docs/api/ is not what the doc comments generate:\n  ${stale.join('\n  ')}`,
      'Run npm run docs:api and commit docs/api/.',
    ];
  }
  console.log(
    `docs:api:check: every exported symbol is documented; docs/api/ is up to date (${generated.length} files)`,
  );
  return [];
}

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
let problems;
try {
  problems = check(out);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
for (const problem of problems) console.error(`docs:api:check: ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
