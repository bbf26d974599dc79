// What this suite proves: the adapter refuses any kafkajs but the version it was written for, also
// inside a bundle, and maps kafkajs' errors onto ours with their retriability.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import * as os from 'os';
import * as path from 'path';
import { KafkaClientError, KafkaProtocolError, KafkaTransientError, TopicNotFoundError } from '../../../clients/kafka';
import { REPO_ROOT } from '../../support/repo-root';
import { isRetriable } from '../../../clients/kafka/errors';
import {
  KAFKAJS_VERSION,
  checkKafkajsVersion,
  fromKafkajs,
  protocolError,
} from '../../../clients/kafka/kafkajs-adapter';
import { runFile } from './helpers';

const ROOT = REPO_ROOT;
const installed: string = require('kafkajs/package.json').version;

describe('kafkajs version guard', () => {
  test('refuses a kafkajs other than the one the adapter was written for, naming both', () => {
    expect(() => checkKafkajsVersion('2.2.3')).toThrow(
      'kafkajs 2.2.3 is installed, but clients/kafka/kafkajs-adapter.ts was written for kafkajs 2.2.4',
    );
  });

  test('accepts the installed kafkajs', () => {
    expect(KAFKAJS_VERSION).toBe(installed);
    expect(() => checkKafkajsVersion(installed)).not.toThrow();
  });

  // esbuild inlines kafkajs/package.json, so a bundle checks the kafkajs bundled into it.
  test('stops a bundle that carries another kafkajs when it loads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafkajs-guard-'));
    try {
      const fakePackage = path.join(dir, 'package.json');
      fs.writeFileSync(fakePackage, JSON.stringify({ name: 'kafkajs', version: '2.2.3' }));
      const build = (name: string, plugins: esbuild.Plugin[]) =>
        esbuild.build({
          entryPoints: [path.join(ROOT, 'clients', 'kafka', 'index.ts')],
          outfile: path.join(dir, name),
          bundle: true,
          platform: 'node',
          target: 'node18',
          format: 'cjs',
          logLevel: 'error',
          plugins,
        });
      await build('real.js', []);
      await build('other.js', [
        {
          name: 'other-kafkajs',
          setup: (b) => b.onResolve({ filter: /^kafkajs\/package\.json$/ }, () => ({ path: fakePackage })),
        },
      ]);

      const load = (name: string) =>
        runFile(process.execPath, ['-e', `require(${JSON.stringify(path.join(dir, name))})`]);
      await expect(load('real.js')).resolves.toBeDefined();
      await expect(load('other.js')).rejects.toThrow(
        'kafkajs 2.2.3 is installed, but clients/kafka/kafkajs-adapter.ts was written for kafkajs 2.2.4',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kafkajs errors mapped to ours', () => {
  test('protocol errors keep code, name and retriability', () => {
    const notLeader = fromKafkajs(
      new KafkaJSProtocolError(
        Object.assign(new Error('not the leader'), { type: 'NOT_LEADER_FOR_PARTITION', code: 6, retriable: true }),
      ),
    );
    expect(notLeader).toBeInstanceOf(KafkaProtocolError);
    expect(notLeader).toMatchObject({
      message: 'not the leader',
      type: 'NOT_LEADER_FOR_PARTITION',
      code: 6,
      retriable: true,
    });
    expect(isRetriable(notLeader)).toBe(true);

    const unknownTopic = protocolError(3);
    expect(unknownTopic).toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3 });
    const authorization = protocolError(29);
    expect(authorization).toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false });
    expect(isRetriable(authorization)).toBe(false);
  });

  test('connection failures and exhausted kafkajs retries are transient', () => {
    const refused = new KafkaJSConnectionError('Connection error: ECONNREFUSED');
    for (const error of [refused, new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 300 })]) {
      const mapped = fromKafkajs(error);
      expect(mapped).toBeInstanceOf(KafkaTransientError);
      expect((mapped as Error).message).toBe('Connection error: ECONNREFUSED');
      expect((mapped as Error).cause).toBe(error);
      expect(isRetriable(mapped)).toBe(true);
    }
  });

  test('other kafkajs errors are client errors, not retried; anything else passes unchanged', () => {
    const mapped = fromKafkajs(new KafkaJSNonRetriableError('SASL failed'));
    expect(mapped).toBeInstanceOf(KafkaClientError);
    expect(mapped).not.toBeInstanceOf(KafkaTransientError);
    expect(isRetriable(mapped)).toBe(false);

    const own = new TopicNotFoundError('t');
    const plain = new Error('boom');
    expect(fromKafkajs(own)).toBe(own);
    expect(fromKafkajs(plain)).toBe(plain);
    expect(isRetriable(own)).toBe(false);
    expect(isRetriable(plain)).toBe(false);
  });
});
