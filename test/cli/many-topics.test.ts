// What this suite proves: without --topic, ls, verify and status read every topic of one backup of
// many topics (as the handler writes it with BACKUP_TOPICS), found as the topic folders of the
// instance, and group their text, JSON and HTML output by topic with a summary per topic; the exit
// status is the worst over the topics; the topics are listed at once, not one after the other; with
// --topic the output is that of the one topic; and an instance without backup objects is a clear
// usage error.
import * as fs from 'fs';
import * as path from 'path';
import { parseObjectKey } from '../../contract/backup-format';
import { BUCKET, INSTANCE, PREFIX, Peers, handlerEnv, runTimer, startPeers } from '../support/backup-fixture';
import { produce } from '../support/kcat';
import { LOCATION, at, cosEnv, runCli, tempDir, testCos } from './cli-fixture';

const TOPICS = { orders: 2, payments: 1, refunds: 1 };
const INSTANCE_URL = `cos://${BUCKET}/${PREFIX}${INSTANCE}/`;
const RUNS = 3;
const PER_RUN = 10;
/** orders and payments: records from a minute ago; refunds: three days old, stale for --max-age 1h. */
const FRESH_BASE = Date.now() - 60_000;
const STALE_BASE = Date.now() - 3 * 86_400_000;
/** A size as the text output writes it (these objects are small). */
const SIZE = '[\\d.]+ (?:B|KiB)';

/** Lines of a text output from the one that matches `first`, up to the next empty line. */
function block(stdout: string, first: RegExp): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => first.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

/** `text` as a regular expression that matches it literally. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a backup of many topics (bundled handler and CLI)', () => {
  let peers: Peers;
  let env: Record<string, string>;
  /** orders/1: the object before the deleted one and the one after it. */
  let gapAfter: string;
  let gapBefore: string;

  beforeAll(async () => {
    peers = await startPeers(Object.entries(TOPICS).map(([name, partitions]) => ({ name, partitions })));
    env = cosEnv(peers);
    const backup = { ...handlerEnv(peers, 'unused'), BACKUP_TOPICS: Object.keys(TOPICS).join(',') };
    delete (backup as Record<string, string | undefined>).BACKUP_TOPIC;
    // Three runs: three objects per partition, offsets 0-29.
    for (let run = 0; run < RUNS; run += 1) {
      for (const [topic, partitions] of Object.entries(TOPICS)) {
        const base = topic === 'refunds' ? STALE_BASE : FRESH_BASE;
        const records = Array.from({ length: partitions * PER_RUN }, (_, i) => ({
          partition: i % partitions,
          value: Buffer.from(`${topic} ${run}/${i}`),
          timestamp: base + (run * partitions * PER_RUN + i) * 100,
        }));
        await produce(peers.kafka.bootstrap, topic, records);
      }
      const result = await runTimer(backup);
      if (!result.ok) throw new Error(`backup run failed: ${result.error ?? result.stderr}`);
    }
    // orders/1 loses its middle object (offsets 10-19): a gap.
    const keys = (await peers.cos.listObjects(BUCKET, `${PREFIX}${INSTANCE}/orders/`))
      .map((o) => o.key)
      .filter((k) => parseObjectKey(k, PREFIX)?.partition === 1)
      .sort();
    expect(keys).toHaveLength(3);
    [gapAfter, , gapBefore] = keys;
    expect((await fetch(`${peers.cos.endpoint}/${BUCKET}/${keys[1]}`, { method: 'DELETE' })).status).toBe(204);
    // Beside the topics: a key that is no folder, a folder that is no topic name, and the folder
    // of a topic that holds only the backup's bookkeeping (its objects expired, say).
    const cos = testCos(peers);
    for (const key of [
      `${PREFIX}${INSTANCE}/README.txt`,
      `${PREFIX}${INSTANCE}/not a topic/x.jsonl.gz`,
      `${PREFIX}${INSTANCE}/retired/_state/partition=0.json`,
    ]) {
      await cos.putObject({ bucket: BUCKET, key, body: Buffer.from('{}') });
    }
  }, 180_000);
  afterAll(() => peers?.stop());

  test('ls: a table, notes and a summary line per topic, then the instance; JSON adds the summaries', async () => {
    const text = await runCli(['ls', ...LOCATION], { env });
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(text.stdout.split('\n')[0]).toBe(`Backup ${INSTANCE_URL}`);
    // One block per topic, in name order, each with its own header and only its own rows.
    const headers = text.stdout.split('\n').filter((l) => l.startsWith('TOPIC '));
    expect(headers).toHaveLength(3);
    const orders = block(text.stdout, /^TOPIC\s+PARTITION/);
    expect(orders.slice(1)).toEqual([
      expect.stringMatching(/^orders\s+0\s+3\s+\S+ \S+\s+30\s+0-29\s+0\s/),
      expect.stringMatching(/^orders\s+1\s+2\s+\S+ \S+\s+20\s+0-9,20-29\s+1\s/),
    ]);
    expect(text.stdout).toMatch(
      new RegExp(
        `\n\ngap {6}orders/1 offsets 10-19 \\(10\\): no object between ${escaped(gapAfter)} and ${escaped(gapBefore)}\n` +
          // The handler's snapshots of the topic: no consumer group, no config of its own.
          'groups {3}orders: 0 groups in the newest groups snapshot, \\S+, \\d+s old \\(1 snapshot recorded\\)\n' +
          'config {3}orders: 2 partitions, replication factor 1, no configs of its own \\(newest of 1 topic-config snapshot, \\S+, \\d+s old\\)\n' +
          'topic {4}orders: 2 partitions, 5 objects, ',
      ),
    );
    expect(text.stdout).toMatch(
      new RegExp(
        `^topic {4}orders: 2 partitions, 5 objects, ${SIZE}, 50 records; problems in 1 partition: 1 missing gap$`,
        'm',
      ),
    );
    const payments = text.stdout.slice(text.stdout.indexOf('\nTOPIC', text.stdout.indexOf('topic    orders')) + 1);
    expect(payments).toMatch(
      /^TOPIC\s+PARTITION.*\npayments\s+0\s+3\s.*\n\ngroups {3}payments: .*\nconfig {3}payments: .*\ntopic {4}payments: /,
    );
    expect(text.stdout).toMatch(
      new RegExp(
        `^topic {4}payments: 1 partition, 3 objects, ${SIZE}, 30 records; no gap, overlap or object without offset metadata$`,
        'm',
      ),
    );
    expect(text.stdout).toMatch(/^topic {4}refunds: 1 partition, 3 objects, /m);
    expect(text.stdout).toMatch(
      new RegExp(
        `\n\ntotal {4}3 topics, 4 partitions, 11 objects, ${SIZE}, 110 records; problems in 1 partition of 1 topic \\(orders\\): 1 missing gap\n`,
      ),
    );
    // The folder of bookkeeping only is named; the key and the folder that is no topic are not.
    expect(text.stdout).toContain(
      '\nnote     1 topic folder without backup objects (only _state/ bookkeeping or other keys): retired\n',
    );
    expect(text.stdout).not.toContain('README');
    expect(text.stdout).not.toContain('not a topic');

    const json = await runCli(['ls', ...LOCATION, '--json'], { env });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.topics.map((t: { topic: string }) => t.topic)).toEqual(['orders', 'payments', 'refunds']);
    expect(doc.topics[0].summary).toEqual({
      partitions: 2,
      partitionsWithProblems: 1,
      objects: 5,
      bytes: expect.any(Number),
      records: 50,
      objectsWithoutMetadata: 0,
      missingGaps: 1,
      expiredGaps: 0,
      overlaps: 0,
    });
    expect(doc.topics[0].partitions[1].gaps).toEqual([
      { from: 10, to: 19, kind: 'missing', after: gapAfter, before: gapBefore, marker: null },
    ]);
    expect(doc.topics[1].summary).toEqual(expect.objectContaining({ partitions: 1, partitionsWithProblems: 0 }));
    expect(doc.summary).toEqual({
      topics: 3,
      topicsWithProblems: ['orders'],
      partitions: 4,
      partitionsWithProblems: 1,
      objects: 11,
      bytes: doc.topics.reduce((sum: number, t: { summary: { bytes: number } }) => sum + t.summary.bytes, 0),
      records: 110,
      objectsWithoutMetadata: 0,
      missingGaps: 1,
      expiredGaps: 0,
      overlaps: 0,
    });
    expect(doc.emptyTopics).toEqual(['retired']);
  });

  test('ls --topic: the one topic, as before (no summary lines or fields)', async () => {
    const text = await runCli(['ls', ...LOCATION, '--topic', 'orders'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/^(topic|total) {4}/m);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('TOPIC '))).toHaveLength(1);
    expect(text.stdout).not.toContain('payments');
    const doc = JSON.parse((await runCli(['ls', ...LOCATION, '--topic', 'orders', '--json'], { env })).stdout);
    expect(Object.keys(doc)).toEqual(['bucket', 'region', 'prefix', 'instanceId', 'from', 'to', 'topics']);
    expect(doc.topics.map((t: object) => Object.keys(t))).toEqual([['topic', 'partitions', 'snapshots']]);
  });

  test('ls --html: the page grouped by topic, with a table of the topics and a summary per topic', async () => {
    const page = path.join(tempDir('many-topics-report'), 'report.html');
    const ls = await runCli(['ls', ...LOCATION, '--html', page], { env });
    expect([ls.code, ls.stderr]).toEqual([0, '']);
    expect(ls.stdout.endsWith(`\nHTML report: ${page}\n`)).toBe(true);
    const html = fs.readFileSync(page, 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=|https?:\/\//i);

    const index = [...html.matchAll(/<tr data-topic="([^"]+)"( class="problems")? data-problem-partitions="(\d+)">/g)];
    expect(index.map((m) => [m[1], Boolean(m[2]), m[3]])).toEqual([
      ['orders', true, '1'],
      ['payments', false, '0'],
      ['refunds', false, '0'],
    ]);
    const sections = html.split(/(?=<section )/).slice(1);
    expect(sections.map((s) => /^<section class="([^"]+)" data-topic="([^"]+)"/.exec(s)!.slice(1))).toEqual([
      ['topic problems', 'orders'],
      ['topic', 'payments'],
      ['topic', 'refunds'],
    ]);
    // Each section holds its topic's partitions only, after its summary line.
    const rowsOf = (section: string) =>
      [...section.matchAll(/<div class="partition[^"]*" data-topic="([^"]+)" data-partition="(\d+)"/g)].map(
        (m) => `${m[1]}/${m[2]}`,
      );
    expect(sections.map(rowsOf)).toEqual([['orders/0', 'orders/1'], ['payments/0'], ['refunds/0']]);
    expect(sections[0]).toMatch(
      new RegExp(
        `<h2>orders</h2><p class="topic-summary" data-topic="orders">2 partitions, 5 objects, ${SIZE}, 50 records; problems in 1 partition: 1 missing gap</p><div class="partition`,
      ),
    );
    expect(sections[1]).toContain('records; no gap, overlap or object without offset metadata</p>');
    expect(/<p class="verdict problems" id="verdict">([^<]*)<\/p>/.exec(html)![1]).toMatch(
      /^Problems in 1 of 4 partition\(s\) in 1 of 3 topic\(s\) \(orders\), marked in red below/,
    );
    expect(/<p class="meta" id="totals">([^<]*)<\/p>/.exec(html)![1]).toMatch(
      /^3 topic\(s\), 4 partition\(s\), 11 object\(s\)/,
    );
    expect(html).toContain('<p class="meta" id="empty-topics">Topic folders without backup objects');
  });

  test('verify: per topic its problems and summary line, then the instance; exit 1 for a gap in one topic', async () => {
    const text = await runCli(['verify', ...LOCATION], { env });
    expect([text.code, text.stderr]).toEqual([1, '']);
    const url = (topic: string) => `${INSTANCE_URL}${topic}/`;
    const groups = text.stdout.trimEnd().split('\n\n');
    expect(groups).toHaveLength(4);
    expect(groups[0].split('\n')).toEqual([
      `gap       orders/1: offsets 10-19 are missing: no object holds them between ${gapAfter} and ${gapBefore}`,
      expect.stringMatching(new RegExp(`^1 problem\\(s\\) in 5 objects, ${SIZE}, 50 records in ${url('orders')}$`)),
    ]);
    expect(groups[1]).toMatch(new RegExp(`^OK: 3 objects, ${SIZE}, 30 records in ${url('payments')}$`));
    expect(groups[2]).toMatch(new RegExp(`^OK: 3 objects, ${SIZE}, 30 records in ${url('refunds')}$`));
    expect(groups[3].split('\n')).toEqual([
      'note      1 topic folder without backup objects (only _state/ bookkeeping or other keys): retired',
      expect.stringMatching(
        new RegExp(
          `^1 problem\\(s\\) in 1 of 3 topics \\(orders\\); 11 objects, ${SIZE}, 110 records in ${INSTANCE_URL}$`,
        ),
      ),
    ]);

    const json = await runCli(['verify', ...LOCATION, '--json'], { env });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc).toEqual(expect.objectContaining({ ok: false, objects: 11, records: 110, emptyTopics: ['retired'] }));
    const gap = { kind: 'gap', topic: 'orders', partition: 1, key: null, message: expect.stringContaining('10-19') };
    expect(doc.problems).toEqual([gap]);
    expect(doc.topics).toEqual([
      {
        topic: 'orders',
        ok: false,
        partitions: 2,
        objects: 5,
        bytes: expect.any(Number),
        records: 50,
        problems: [gap],
      },
      { topic: 'payments', ok: true, partitions: 1, objects: 3, bytes: expect.any(Number), records: 30, problems: [] },
      { topic: 'refunds', ok: true, partitions: 1, objects: 3, bytes: expect.any(Number), records: 30, problems: [] },
    ]);

    // One clean topic: its own output, as before, and exit 0.
    const payments = await runCli(['verify', ...LOCATION, '--topic', 'payments'], { env });
    expect(payments.code).toBe(0);
    expect(payments.stdout).toMatch(new RegExp(`^OK: 3 objects, ${SIZE}, 30 records in ${url('payments')}\\n$`));
    const paymentsJson = JSON.parse(
      (await runCli(['verify', ...LOCATION, '--topic', 'payments', '--json'], { env })).stdout,
    );
    expect(paymentsJson.topics).toBeUndefined();
  });

  test('status: per topic its table, stale partitions and summary line; exit 1 when any topic is stale', async () => {
    const text = await runCli(['status', ...LOCATION, '--max-age', '1h'], { env });
    expect([text.code, text.stderr]).toEqual([1, '']);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('TOPIC '))).toHaveLength(3);
    expect(text.stdout).toMatch(
      /\norders\s+1\s+2\s+29\s+\S+\s+\S+( \S+)?\n\ngroups {3}orders: newest groups snapshot \S+, \d+s old\ntopic {4}orders: 2 partitions, 5 objects; least fresh orders\/\d, newest record \S+, \d+m( \d+s)? old; OK: every partition newer than 1h\n/,
    );
    expect(text.stdout).toMatch(
      /\nrefunds\s+0\s+3\s+29\s+\S+\s+3d\n\nstale {4}refunds\/0: newest backed-up record \S+ is 3d old, older than --max-age 1h\ngroups {3}refunds: newest groups snapshot \S+, \d+s old\ntopic {4}refunds: 1 partition, 3 objects; least fresh refunds\/0, newest record \S+, 3d old; STALE: 1 of 1 partitions older than 1h\n/,
    );
    expect(text.stdout).toMatch(
      /\n\ntotal {4}3 topics, 4 partitions, 11 objects; least fresh refunds\/0, newest record \S+, 3d old\n/,
    );
    expect(text.stdout.trimEnd().split('\n').pop()).toBe(
      'STALE: 1 of 4 partitions have no backed-up record newer than 1h (in 1 of 3 topics: refunds)',
    );

    const json = await runCli(['status', ...LOCATION, '--max-age', '1h', '--json'], { env });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.topics.map((t: { topic: string; summary: { stale: number } }) => [t.topic, t.summary.stale])).toEqual([
      ['orders', 0],
      ['payments', 0],
      ['refunds', 1],
    ]);
    expect(doc.topics[2].summary).toEqual({
      partitions: 1,
      objects: 3,
      leastFresh: {
        partition: 0,
        newestRecordTime: new Date(STALE_BASE + (RUNS * PER_RUN - 1) * 100).toISOString(),
        newestRecordAgeSeconds: expect.any(Number),
        exact: true,
      },
      stale: 1,
      lag: null,
    });
    expect(doc.stale).toEqual([expect.objectContaining({ topic: 'refunds', partition: 0 })]);
    expect(doc.summary).toEqual({
      topics: 3,
      partitions: 4,
      objects: 11,
      leastFresh: expect.objectContaining({ topic: 'refunds', partition: 0 }),
      staleTopics: ['refunds'],
      lag: null,
    });
    expect(doc.emptyTopics).toEqual(['retired']);

    // Fresh enough for every topic, and without --max-age: exit 0.
    const week = await runCli(['status', ...LOCATION, '--max-age', '7d'], { env });
    expect(week.code).toBe(0);
    expect(week.stdout.trimEnd().split('\n').pop()).toBe('OK: every partition has a backed-up record newer than 7d');
    expect((await runCli(['status', ...LOCATION], { env })).code).toBe(0);
    // The stale topic alone: its own output, as before.
    const refunds = await runCli(['status', ...LOCATION, '--topic', 'refunds', '--max-age', '1h'], { env });
    expect(refunds.code).toBe(1);
    expect(refunds.stdout).not.toMatch(/^(topic|total) {4}/m);
    expect(refunds.stdout.trimEnd().split('\n').pop()).toBe(
      'STALE: 1 of 1 partitions have no backed-up record newer than 1h',
    );
  });

  test('status --bootstrap: the lag of every topic, added up per topic and for the instance', async () => {
    await produce(
      peers.kafka.bootstrap,
      'payments',
      Array.from({ length: 4 }, (_, i) => ({ partition: 0, value: Buffer.from(`late ${i}`) })),
    );
    const json = await runCli(['status', ...LOCATION, '--bootstrap', peers.kafka.bootstrap, '--json'], { env });
    expect([json.code, json.stderr]).toEqual([0, '']);
    const doc = JSON.parse(json.stdout);
    // orders/1's lag counts from where its last object ends, whatever the gap before it.
    expect(doc.topics.map((t: { topic: string; summary: { lag: number } }) => [t.topic, t.summary.lag])).toEqual([
      ['orders', 0],
      ['payments', 4],
      ['refunds', 0],
    ]);
    expect(doc.summary.lag).toBe(4);
    const text = await runCli(['status', ...LOCATION, '--bootstrap', peers.kafka.bootstrap], { env });
    expect(text.stdout).toMatch(/^topic {4}payments: 1 partition, 3 objects; least fresh payments\/0, .*; lag 4$/m);
  });

  test('the topics are listed at once: a LIST per topic, all in flight together', async () => {
    const topicListing = (r: { method: string; key: string; query: Record<string, string> }) =>
      r.method === 'GET' &&
      r.key === '' &&
      r.query.delimiter === undefined &&
      (r.query.prefix ?? '').startsWith(`${PREFIX}${INSTANCE}/`);
    // Each topic's listing is held until those of all four topic folders have arrived: listed one
    // after the other, the first would wait for the others until the timeout ends the hold.
    let arrived = 0;
    let timedOut = false;
    let release = () => undefined as void;
    const all = new Promise<void>((resolve) => (release = resolve));
    const timeout = setTimeout(() => {
      timedOut = true;
      release();
    }, 10_000);
    peers.cos.faults.add({
      match: { request: topicListing },
      action: {
        hold: () => {
          arrived += 1;
          if (arrived === 4) release();
          return all;
        },
      },
      times: 4,
    });
    const from = peers.cos.requests.length;
    const ls = await runCli(['ls', ...LOCATION, '--json'], { env });
    clearTimeout(timeout);
    expect(ls.code).toBe(0);
    expect([arrived, timedOut]).toEqual([4, false]);
    const lists = peers.cos.requests.slice(from).filter((r) => r.method === 'GET' && r.key === '');
    // The instance's folder under the prefix, its topic folders, then one LIST per topic folder.
    expect(lists.filter((r) => r.query.delimiter === '/').map((r) => r.query.prefix)).toEqual([
      PREFIX,
      `${PREFIX}${INSTANCE}/`,
    ]);
    expect(
      lists
        .filter(topicListing)
        .map((r) => r.query.prefix)
        .sort(),
    ).toEqual(['orders', 'payments', 'refunds', 'retired'].map((t) => `${PREFIX}${INSTANCE}/${t}/`));
  });

  test('an instance without backup objects, or a topic folder without any, is a usage error that says so', async () => {
    const cos = testCos(peers);
    // empty/: the instance's folder holds a key and a topic folder of bookkeeping only.
    await cos.putObject({ bucket: BUCKET, key: `empty/${INSTANCE}/notes.txt`, body: Buffer.from('x') });
    await cos.putObject({
      bucket: BUCKET,
      key: `empty/${INSTANCE}/orders/_state/partition=0.json`,
      body: Buffer.from('{}'),
    });
    // bare/: the instance's folder holds keys only, no folder.
    await cos.putObject({ bucket: BUCKET, key: `bare/${INSTANCE}/notes.txt`, body: Buffer.from('x') });
    const cases: [string[], string][] = [
      [
        ['ls', ...at('empty/')],
        `no backup objects under cos://${BUCKET}/empty/${INSTANCE}/: none of its topic folders (orders) holds one, only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['verify', ...at('empty/'), '--instance-id', INSTANCE],
        `no backup objects under cos://${BUCKET}/empty/${INSTANCE}/: none of its topic folders (orders) holds one, only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['status', ...at('bare/')],
        `no backup objects under cos://${BUCKET}/bare/${INSTANCE}/: it holds no topic folder`,
      ],
      [
        ['ls', ...at('empty/'), '--topic', 'orders'],
        `no backup objects of topic "orders" under cos://${BUCKET}/empty/${INSTANCE}/: its folder holds only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['ls', ...LOCATION, '--topic', 'retired', '--json'],
        `no backup objects of topic "retired" under ${INSTANCE_URL}: its folder holds only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['status', ...LOCATION, '--instance-id', 'ckafka-none'],
        `no backup of instance "ckafka-none" under cos://${BUCKET}/${PREFIX}; instances there: ${INSTANCE}`,
      ],
      [['verify', ...at('nothing/')], `no backup objects under cos://${BUCKET}/nothing/: check --bucket and --prefix`],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { env });
      expect({ args, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        args,
        code: 2,
        stdout: '',
        stderr: `ckafka-cos-backup: ${message}\n`,
      });
    }
  });

  test('restore stays one topic per command: --topic is required, and its help says so', async () => {
    const help = (await runCli(['restore', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--topic <topic> the one topic to restore: one topic per command');
    expect(help).toContain('One topic per command: --topic is required');
    const run = await runCli(['restore', ...LOCATION, '--to-bootstrap', peers.kafka.bootstrap, '--to-topic', 'x'], {
      env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: required option '--topic <topic>' not specified");
    for (const command of ['ls', 'verify', 'status']) {
      const commandHelp = (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(commandHelp).toContain('--topic <topic> only this topic (default: every topic of the instance');
    }
  });
});
