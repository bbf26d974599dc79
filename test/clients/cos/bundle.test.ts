// The handler ships as one esbuild bundle, so the COS SDK (and its request stack) must survive
// bundling for Node 18. Bundle the client and the upload, load the bundle, and write an object
// through it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { CosServer } from '../../support/cos-server';
import { REPO_ROOT } from '../../support/repo-root';
import type * as CosClientModule from '../../../clients/cos/cos-client';
import type * as ObjectUploadModule from '../../../functions/upload/object-upload';
import { BUCKET, MiB, REGION, backupKey, gunzipText, randomJsonLines, startServer } from './fixtures';

let server: CosServer;
let outDir: string;

beforeAll(async () => {
  server = await startServer();
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-bundle-'));
});

afterAll(async () => {
  await server.stop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

test('the COS client and upload bundle for node18 and work from the bundle', async () => {
  const outfile = path.join(outDir, 'cos.js');
  const result = await build({
    stdin: {
      contents: "export * from './clients/cos';\nexport * from './functions/upload/object-upload';\n",
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node18',
    outfile,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  process.stdout.write(`bundle: ${(fs.statSync(outfile).size / 1024).toFixed(0)} KiB\n`);

  const bundled = require(outfile) as typeof CosClientModule & typeof ObjectUploadModule;
  const client = bundled.createCosClient({
    region: REGION,
    credentials: { secretId: 'id', secretKey: 'key' },
    endpoint: server.endpoint,
  });
  const key = backupKey(1, 0);
  const upload = new bundled.GzipObjectUpload(client, { bucket: BUCKET, key, partSizeBytes: MiB });
  const text = [...randomJsonLines(2 * MiB)].join('');
  await upload.write(text);
  const { parts } = await upload.finish({ 'last-offset': '7' });

  expect(parts).toBeGreaterThan(1);
  expect(gunzipText(await server.getObject(BUCKET, key))).toBe(text);
  expect((await server.headObject(BUCKET, key))?.metadata).toEqual({ 'last-offset': '7' });
});
