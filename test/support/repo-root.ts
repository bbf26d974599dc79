// The repository root for tests, benchmarks and scripts, wherever they run from.
import * as fs from 'fs';
import * as path from 'path';

/** The repository root, found upwards from this file, so it is right also when scripts/run-ts.js bundles this into .build/. */
function findRepoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

export const REPO_ROOT = findRepoRoot();
