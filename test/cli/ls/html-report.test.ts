// `ls --html` end to end: a backup written by the real handler, with an expired-before-backup gap
// (records deleted by retention before the backup read them) in partition 0 and a missing gap (an
// object deleted) in partition 1, rendered in headless Chromium; the checks read the rendered DOM.
//
// Chromium is required (`.ci/run` installs the Debian package `chromium`): without it the test
// fails, naming what to install.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { objectKey, parseObjectKey } from '../../../contract/backup-format';
import { escapeHtml, renderHtml, type Report } from '../../../cli/ls/html-report';
import {
  BUCKET,
  INSTANCE,
  PREFIX,
  Peers,
  handlerEnv,
  readBackup,
  runTimer,
  startPeers,
} from '../../support/backup-fixture';
import { REPO_ROOT } from '../../support/kafka-mock';
import { produce } from '../../support/kcat';
import { LOCATION, at, cosEnv, putBackupObject, runCli, sourceRecords, tempDir, testCos } from '../cli-fixture';

const TOPIC = 'report';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = path.join(REPO_ROOT, 'test-output');

/** Chromium flags for a run that does nothing on its own (no update, sync or other background request). */
function chromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
  ];
}

function chromium(args: string[]): string {
  return execFileSync(CHROMIUM, [...chromiumArgs(tempDir('chromium-profile')), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Renders the page with Chromium's network log on: its DOM, and the URLs the page requested.
 * Chromium makes requests of its own (update checks, time, accounts) even with the background
 * flags; it sends those at IDLE priority, a page's subresources never, so they are left out.
 */
function pageRequests(page: string): { dom: string; render: string[] } {
  const netLog = path.join(tempDir('netlog'), 'netlog.json');
  const dom = chromium([`--log-net-log=${netLog}`, '--dump-dom', `file://${page}`]);
  const log = fs.readFileSync(netLog, 'utf8');
  const render = [...log.matchAll(/\{"priority":"([A-Z]+)","traffic_annotation":\d+,"url":"([^"]*)"\}/g)]
    .filter((m) => m[1] !== 'IDLE' && !m[2].startsWith('file://'))
    .map((m) => m[2]);
  return { dom, render: [...new Set(render)] };
}

interface Element {
  tag: string;
  attributes: Record<string, string>;
}

/** The elements (start tags) of the serialized DOM whose class list holds `className`. */
function elements(dom: string, className: string): Element[] {
  const found: Element[] = [];
  for (const match of dom.matchAll(/<([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/g)) {
    const attributes: Record<string, string> = {};
    for (const a of match[2].matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) attributes[a[1]] = unescape(a[2] ?? '');
    if ((attributes.class ?? '').split(/\s+/).includes(className)) found.push({ tag: match[1], attributes });
  }
  return found;
}

function unescape(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The `left`/`width` percentages of an element's style. */
function placement(element: Element): { left: number; width: number } {
  const style = element.attributes.style ?? '';
  const left = /left:\s*([\d.]+)%/.exec(style);
  const width = /width:\s*([\d.]+)%/.exec(style);
  if (!left || !width) throw new Error(`no left/width in style "${style}"`);
  return { left: Number(left[1]), width: Number(width[1]) };
}

describe('ls --html (a page rendered in headless Chromium)', () => {
  let peers: Peers;
  let before: string;
  let victim: string;

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: 3 }]);
  }, 120_000);
  afterAll(() => peers?.stop());

  /** Offsets [from, to) of one partition in one produce call, timestamps 1 s apart from 2 min ago. */
  const batch = (partition: number, from: number, to: number) =>
    produce(
      peers.kafka.bootstrap,
      TOPIC,
      Array.from({ length: to - from }, (_, i) => ({
        partition,
        value: Buffer.from(`${TOPIC} ${partition}/${from + i}`),
        timestamp: Date.now() - 120_000 + (from + i) * 1000,
      })),
    );

  test('chromium is installed (.ci/run installs the Debian package chromium)', () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: the HTML report test renders the page in headless Chromium; install it (apt-get install chromium, as .ci/run does) or set CHROMIUM to its path`,
      );
    }
    expect(chromium(['--version'])).toMatch(/Chromium \d+/);
  });

  test('one row per partition; the gaps in the right partition, with kind, offsets and position; no request', async () => {
    // deleteRecords needs the patched broker, which .ci/run builds (KAFKA_MOCK_LIBRDKAFKA=source).
    expect(peers.kafka.flavour).toBe('source');
    const env = handlerEnv(peers, TOPIC);

    // Run 1: 0-19 of partitions 0 and 1, 0-9 of partition 2.
    await batch(0, 0, 20);
    await batch(1, 0, 20);
    await batch(2, 0, 10);
    expect((await runTimer(env)).ok).toBe(true);
    // Run 2: the backup fell behind on partition 0 and retention deleted it up to 35 (inside the
    // batch 30-39, which the broker keeps whole): 20-34 are lost, the run says so and fails.
    await batch(0, 20, 30);
    await batch(0, 30, 40);
    await batch(0, 40, 50);
    await batch(1, 20, 30);
    await batch(2, 10, 20);
    expect(await peers.kafka.deleteRecords(TOPIC, 0, 35)).toBe(35);
    expect((await runTimer(env)).ok).toBe(false);
    // Run 3: all fine.
    await batch(0, 50, 55);
    await batch(1, 30, 40);
    await batch(2, 20, 30);
    expect((await runTimer(env)).ok).toBe(true);

    // Partition 1 loses its object 20-29: a missing gap.
    const keysOf = async (partition: number) =>
      (await readBackup(peers.cos, TOPIC))
        .map((o) => o.object.key)
        .filter((key) => parseObjectKey(key, PREFIX)?.partition === partition)
        .sort((a, b) => parseObjectKey(a, PREFIX)!.startOffset - parseObjectKey(b, PREFIX)!.startOffset);
    const partition1 = await keysOf(1);
    expect(partition1.map((k) => parseObjectKey(k, PREFIX)!.startOffset)).toEqual([0, 20, 30]);
    [before, victim] = partition1;
    expect((await fetch(`${peers.cos.endpoint}/${BUCKET}/${victim}`, { method: 'DELETE' })).status).toBe(204);

    fs.mkdirSync(OUTPUT, { recursive: true });
    const page = path.join(OUTPUT, 'html-report.html');
    fs.rmSync(page, { force: true });
    const ls = await runCli(['ls', ...LOCATION, '--html', page], { env: cosEnv(peers) });
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    // The usual output, then where the page went.
    expect(ls.stdout).toMatch(/^report\s+0\s+3\s.*\s0-19,35-54\s+1\s/m);
    expect(ls.stdout).toContain(`\nexpired  ${TOPIC}/0 offsets 20-34 (15): `);
    expect(ls.stdout).toContain(`\ngap      ${TOPIC}/1 offsets 20-29 (10): `);
    expect(ls.stdout.endsWith(`\nHTML report: ${page}\n`)).toBe(true);

    // Self-contained: nothing the page could load (no script, no URL), and a policy forbidding it.
    const html = fs.readFileSync(page, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=|https?:\/\//i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);

    // Rendered, with Chromium's network log: the page makes no request (and the log shows one
    // when a page does: a control page loading an image).
    const control = path.join(tempDir('control'), 'control.html');
    fs.writeFileSync(control, '<!DOCTYPE html><img src="http://127.0.0.1:9/control.png">');
    expect(pageRequests(control).render).toEqual(['http://127.0.0.1:9/control.png']);
    const { dom, render } = pageRequests(page);
    expect(render).toEqual([]);

    const rows = elements(dom, 'partition');
    expect(rows.map((r) => [r.attributes['data-topic'], r.attributes['data-partition']])).toEqual([
      [TOPIC, '0'],
      [TOPIC, '1'],
      [TOPIC, '2'],
    ]);
    // Each row's track and its elements, by position in the DOM.
    const rowChunks = dom.split(/(?=<div class="partition)/).slice(1);
    expect(rowChunks).toHaveLength(3);
    const gapsOf = (chunk: string) => elements(chunk, 'gap');
    const [gaps0, gaps1, gaps2] = rowChunks.map(gapsOf);
    expect(gaps0.map((g) => [g.attributes['data-kind'], g.attributes['data-from'], g.attributes['data-to']])).toEqual([
      ['expired-before-backup', '20', '34'],
    ]);
    expect(gaps0[0].attributes['data-marker']).toMatch(/\/_state\/expired\/partition=0\/0+20-0+35$/);
    expect(gaps1.map((g) => [g.attributes['data-kind'], g.attributes['data-from'], g.attributes['data-to']])).toEqual([
      ['missing', '20', '29'],
    ]);
    expect(gaps2).toEqual([]);
    // Placed along the offset axis: partition 0 spans 0-54, partition 1 0-39.
    const axes = rows.map((r) => [Number(r.attributes['data-axis-from']), Number(r.attributes['data-axis-to'])]);
    expect(axes).toEqual([
      [0, 55],
      [0, 40],
      [0, 30],
    ]);
    expect(placement(gaps0[0]).left).toBeCloseTo((20 / 55) * 100, 3);
    expect(placement(gaps0[0]).width).toBeCloseTo((15 / 55) * 100, 3);
    expect(placement(gaps1[0]).left).toBeCloseTo((20 / 40) * 100, 3);
    expect(placement(gaps1[0]).width).toBeCloseTo((10 / 40) * 100, 3);
    // Backed-up ranges and objects (with their sizes) on the same axis.
    const rangesOf = (chunk: string) =>
      elements(chunk, 'range').map((r) => [r.attributes['data-from'], r.attributes['data-to']]);
    expect(rowChunks.map(rangesOf)).toEqual([
      [
        ['0', '19'],
        ['35', '54'],
      ],
      [
        ['0', '19'],
        ['30', '39'],
      ],
      [['0', '29']],
    ]);
    const objects1 = elements(rowChunks[1], 'object');
    expect(objects1.map((o) => o.attributes['data-key'])).toEqual([before, partition1[2]]);
    for (const o of objects1) expect(Number(o.attributes['data-bytes'])).toBeGreaterThan(0);
    expect(elements(dom, 'overlap')).toEqual([]);
    // Freshness: the newest record's exact time (last-timestamp metadata) and its age.
    for (const row of rows) {
      expect(row.attributes['data-newest-exact']).toBe('true');
      expect(Number(row.attributes['data-age-seconds'])).toBeGreaterThanOrEqual(0);
      expect(Number(row.attributes['data-age-seconds'])).toBeLessThan(3600);
    }

    // A picture for people (and the README's docs/report.png).
    const screenshot = path.join(OUTPUT, 'html-report.png');
    fs.rmSync(screenshot, { force: true });
    chromium([`--screenshot=${screenshot}`, '--window-size=1200,800', '--hide-scrollbars', `file://${page}`]);
    expect(fs.readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
  }, 180_000);

  test('an object without offset metadata: drawn in its own colour, in the legend; its partition and the totals say so', async () => {
    // Partition 0: 0-99, then bytes that are no backup (no metadata) at the key +100, then 200-299.
    // Partition 1: 0-99, healthy.
    const cos = testCos(peers);
    const hour = Date.UTC(2026, 0, 15, 10);
    const first = await putBackupObject(cos, 'damaged/', sourceRecords(TOPIC, 0, 0, 99, hour));
    const garbage = objectKey({
      prefix: 'damaged/',
      instanceId: INSTANCE,
      topic: TOPIC,
      partition: 0,
      startOffset: 100,
      firstTimestampMs: hour + 100_000,
    });
    await cos.putObject({ bucket: BUCKET, key: garbage, body: Buffer.from('not a backup object\n') });
    const after = await putBackupObject(cos, 'damaged/', sourceRecords(TOPIC, 0, 200, 299, hour));
    const healthy = await putBackupObject(cos, 'damaged/', sourceRecords(TOPIC, 1, 0, 99, hour));

    const page = path.join(tempDir('damaged-report'), 'report.html');
    const ls = await runCli(['ls', ...at('damaged/'), '--html', page], { env: cosEnv(peers) });
    expect([ls.code, ls.stderr]).toEqual([0, '']);
    expect(ls.stdout).toMatch(/^report\s+0\s+3\s.*\s200\+\s/m);
    expect(ls.stdout).toContain(`note     ${TOPIC}/0: 1 object(s) without offset metadata`);

    const dom = chromium(['--dump-dom', `file://${page}`]);
    const rows = elements(dom, 'partition');
    expect(rows.map((r) => r.attributes['data-partition'])).toEqual(['0', '1']);
    // The partition is marked: the problem class (its label in red) and what the problem is.
    expect(rows[0].attributes.class.split(' ')).toContain('problems');
    expect(rows[0].attributes['data-problems']).toBe('no-metadata');
    expect(rows[1].attributes.class.split(' ')).not.toContain('problems');
    expect(rows[1].attributes['data-problems']).toBeUndefined();
    const [row0, row1] = dom.split(/(?=<div class="partition)/).slice(1);
    expect(row0).toMatch(
      /<div class="label">report\/0<span class="problem-list">1 object without offset metadata<\/span><\/div>/,
    );
    expect(row1).toMatch(/<div class="label">report\/1<\/div>/);

    // The object, on the track in a class of its own, over the offsets it is taken to hold.
    const damaged = elements(row0, 'no-metadata').filter((e) => e.tag === 'div');
    expect(damaged.map((o) => [o.attributes['data-key'], o.attributes['data-from'], o.attributes['data-to']])).toEqual([
      [garbage, '100', '199'],
    ]);
    expect(damaged[0].attributes.class.split(' ')).toEqual(['object', 'no-metadata']);
    expect(damaged[0].attributes['data-problem']).toBe('no-metadata');
    expect(damaged[0].attributes.title).toContain('no offset metadata');
    expect(placement(damaged[0]).left).toBeCloseTo((100 / 300) * 100, 3);
    expect(placement(damaged[0]).width).toBeCloseTo((100 / 300) * 100, 3);
    const others = [...elements(row0, 'object'), ...elements(row1, 'object')].filter(
      (o) => o.attributes['data-key'] !== garbage,
    );
    expect(others.map((o) => o.attributes['data-key'])).toEqual([first, after, healthy]);
    for (const o of others) expect(o.attributes.class.split(' ')).not.toContain('no-metadata');
    // And its line in the object table.
    expect(elements(row0, 'no-metadata').filter((e) => e.tag === 'tr')).toEqual([
      { tag: 'tr', attributes: { 'data-key': garbage, class: 'no-metadata' } },
    ]);

    // Its own colour: drawn full height over the range, a background no other element has, and in the legend.
    const style = /<style>([\s\S]*?)<\/style>/.exec(dom)![1];
    const rule = /\.object\.no-metadata\{([^}]*)\}/.exec(style);
    expect(rule).not.toBeNull();
    const background = /background:([^;}]+)/.exec(rule![1])![1];
    expect(rule![1]).toContain('height:100%');
    const otherBackgrounds = [...style.matchAll(/([^{}]+)\{[^}]*background:([^;}]+)/g)]
      .filter((m) => !m[1].includes('no-metadata'))
      .map((m) => m[2]);
    expect(otherBackgrounds.length).toBeGreaterThan(3);
    expect(otherBackgrounds).not.toContain(background);
    const legend = elements(dom, 'swatch').map((s) => s.attributes.style);
    expect(legend).toContain(`background:${background}`);
    expect(dom).toMatch(/<span data-legend="no-metadata">.*object without offset metadata/);

    // The headline counts it, and the row names the key.
    expect(/<p class="meta" id="totals">([^<]*)<\/p>/.exec(dom)![1]).toContain('1 object(s) without offset metadata');
    expect(/<p class="verdict problems" id="verdict">([^<]*)<\/p>/.exec(dom)![1]).toMatch(
      /^Problems in 1 of 2 partition\(s\)/,
    );
    const notes = [...row0.matchAll(/<li data-kind="([a-z-]+)">([^<]*)<\/li>/g)].map((m) => [m[1], unescape(m[2])]);
    expect(notes).toContainEqual(['no-metadata', expect.stringContaining(garbage)]);
    expect(row1).not.toContain('<ul class="notes">');
  }, 120_000);
});

describe('renderHtml', () => {
  test('escapes every name: location, topic, keys, markers', () => {
    const evil = `x"><script>alert('1')</script>&`;
    const report: Report = {
      location: `cos://b/${evil}/`,
      generatedMs: Date.UTC(2026, 10, 24, 12),
      from: null,
      to: null,
      topics: [
        {
          topic: evil,
          partitions: [
            {
              summary: {
                partition: 0,
                objects: 1,
                bytes: 10,
                records: 5,
                objectsWithoutMetadata: 0,
                firstOffset: 0,
                lastOffset: 4,
                nextOffset: 5,
                ranges: [{ from: 0, to: 4 }],
                gaps: [{ from: 5, to: 9, kind: 'missing', after: evil, before: null, marker: `${evil}m` }],
                overlaps: [],
                firstRecordHour: '2026-11-24T11:00:00.000Z',
                lastObjectHour: '2026-11-24T11:00:00.000Z',
                firstTimestamp: null,
                lastTimestamp: null,
              },
              objects: [
                {
                  key: `${evil}key`,
                  bytes: 10,
                  from: 0,
                  to: 4,
                  records: 5,
                  hourStartMs: Date.UTC(2026, 10, 24, 11),
                  lastTimestamp: Date.UTC(2026, 10, 24, 11, 30),
                },
              ],
            },
          ],
        },
      ],
    };
    const html = renderHtml(report);
    expect(html).not.toContain('<script');
    expect(html).not.toContain(`alert('1')`);
    expect(html).toContain(escapeHtml(evil));
    expect(escapeHtml(evil)).toBe('x&quot;&gt;&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;&amp;');
    expect(html).toContain('data-newest-record="2026-11-24T11:30:00.000Z"');
    expect(html).toContain('data-age-seconds="1800"');

    // Grouped by topic (no --topic): the topic table, the summary lines and the empty topic folders too.
    const grouped = renderHtml({ ...report, grouped: { emptyTopics: [`${evil}empty`] } });
    expect(grouped).not.toContain('<script');
    expect(grouped).not.toContain(`alert('1')`);
    expect(grouped).toContain(`<tr data-topic="${escapeHtml(evil)}" class="problems" data-problem-partitions="1">`);
    expect(grouped).toContain(`<p class="topic-summary" data-topic="${escapeHtml(evil)}">1 partition, 1 object`);
    expect(grouped).toContain(`(${escapeHtml(evil)}), marked in red below`);
    expect(grouped).toContain(`${escapeHtml(evil)}empty</p>`);
  });
});
