// Where the prebuilt handler bundle (dist/handler) lives in this package, and the check that a
// bundle directory holds the SCF entry file.
import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'ckafka-cos-backup';

/** The package root, found from this file whether it runs as TypeScript source or compiled JS. */
function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}

/** Absolute path of the directory that holds the prebuilt handler bundle (`index.js`). */
export function defaultHandlerBundleDir(): string {
  return path.join(packageRoot(), 'dist', 'handler');
}

/**
 * Checks that a bundle directory holds the SCF entry file, with a message that says how to
 * build it when it does not.
 */
export function assertHandlerBundle(dir: string): void {
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(
      `handlerBundleDir: "${dir}" has no index.js (the bundled SCF handler). ` +
        'In a checkout of this package run "npm run build" to create it; installed packages ship it prebuilt.',
    );
  }
}
