// The handler ships as one esbuild file: the Kafka module must work there exactly as from
// source (own record decoding, codecs, the Produce request wrapper).
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as os from 'os';
import * as path from 'path';
import { startKafkaMock, type KafkaMock } from '../../support/kafka-mock';
import { REPO_ROOT } from '../../support/repo-root';
import { produceExact, runFile } from './helpers';

const ROOT = REPO_ROOT;
const pluginsFile = path.join(ROOT, 'scripts', 'esbuild-plugins.js');

describe('clients/kafka bundled with esbuild', () => {
  let mock: KafkaMock;
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-bundle-'));
    bundle = path.join(dir, 'kafka.js');
    await esbuild.build({
      stdin: {
        contents: "export * from './clients/kafka'\n",
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      logLevel: 'error',
      plugins: fs.existsSync(pluginsFile) ? require(pluginsFile).plugins : [],
    });
    mock = await startKafkaMock({ brokers: 1, topics: [{ name: 'bundled', partitions: 2 }] });
  });

  afterAll(async () => {
    await mock?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('is self-contained: it requires nothing but Node built-ins', () => {
    const code = fs.readFileSync(bundle, 'utf8');
    const required = [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1].replace(/^node:/, ''));
    expect(required.filter((name) => !builtinModules.includes(name))).toEqual([]);
  });

  test('reads ordered headers and compressed records, and produces, through the bundle', async () => {
    const headers = [
      { key: 'a', value: Buffer.from('1') },
      { key: 'b', value: Buffer.from('2') },
      { key: 'a', value: Buffer.from('3') },
    ];
    await produceExact(
      mock.bootstrap,
      'bundled',
      [0, 1, 2].map((i) => ({ partition: 0, timestamp: 1000 + i, key: null, value: Buffer.from(`v${i}`), headers })),
      'lz4',
    );

    const script = `
      const { KafkaClient, KafkaProducer } = require(${JSON.stringify(bundle)})
      const config = { brokers: process.argv[1].split(','), clientId: 'bundle-test', log: () => {} }
      ;(async () => {
        const producer = new KafkaProducer(config, { compression: 'snappy', idempotent: false })
        await producer.connect()
        const h = [{ key: 'x', value: Buffer.from('1') }, { key: 'y', value: null }, { key: 'x', value: Buffer.from('2') }]
        await producer.produce('bundled', [{ partition: 1, key: Buffer.from('k'), value: Buffer.from('restored'), timestamp: 42, headers: h }])
        await producer.close()
        const client = new KafkaClient(config)
        await client.connect()
        const out = []
        for (const partition of [0, 1]) {
          for await (const batch of client.readPartition('bundled', partition, 0, partition ? 1 : 3)) {
            for (const r of batch.records) out.push([r.partition, r.offset, r.timestamp, String(r.value), r.headers.map(h => h.key + '=' + h.value)])
          }
        }
        await client.close()
        console.log(JSON.stringify(out))
      })().catch(e => { console.error(e); process.exit(1) })`;
    const { stdout } = await runFile(process.execPath, ['-e', script, mock.bootstrap]);

    expect(JSON.parse(stdout)).toEqual([
      [0, 0, 1000, 'v0', ['a=1', 'b=2', 'a=3']],
      [0, 1, 1001, 'v1', ['a=1', 'b=2', 'a=3']],
      [0, 2, 1002, 'v2', ['a=1', 'b=2', 'a=3']],
      [1, 0, 42, 'restored', ['x=1', 'y=null', 'x=2']],
    ]);
  });
});
