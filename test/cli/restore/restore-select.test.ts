// Which objects a range selects: restore and ls read every object that can hold a record of the
// selected offsets or times, whatever its key says (an object that overlaps later keys reaches
// past them), and time ranges before 1970 find the records the handler files under the clamped
// 1970-01-01T00 folder. Backups are written object by object, as the handler writes them.
import type { CosClient } from '../../../clients/cos/cos-client';
import type { KafkaRecord } from '../../../clients/kafka';
import { Peers, startPeers } from '../../support/backup-fixture';
import { ConsumedRecord, consume } from '../../support/kcat';
import { CliResult, at, cosEnv, putBackupObject, restoreArgsFor, runCli, sourceRecords, testCos } from '../cli-fixture';

const TOPIC = 'orders';
const BASE_TIME = Date.UTC(2026, 10, 24, 22, 0, 0);
const MINUTE = 60_000;
const INT64_MIN = -(2n ** 63n);
/** 1969-12-31T22:36:40Z: before 1970, so the handler files it under dt=1970-01-01/hour=00. */
const BEFORE_1970 = -5_000_000;

function restoreArgs(peers: Peers, prefix: string, toTopic: string, ...more: string[]): string[] {
  return restoreArgsFor(at(prefix), TOPIC, peers.kafka.bootstrap, toTopic, ...more);
}

/** Offsets [from, to] of partition 0; record `o` at `time(o)` (default: one second apart from BASE_TIME). */
function records(from: number, to: number, time?: (offset: number) => number | bigint): KafkaRecord[] {
  const list = sourceRecords(TOPIC, 0, from, to, BASE_TIME);
  return time ? list.map((r) => ({ ...r, timestamp: time(r.offset) })) : list;
}

const originOf = (r: ConsumedRecord) => r.headers[r.headers.length - 1][1]!.toString();
const origins = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${TOPIC}/0/${from + i}`);

function json(run: CliResult) {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

/** [restored, first offset, last offset, gaps] of a one-partition restore's JSON summary. */
function restoredOf(summary: {
  restored: number;
  gaps: unknown[];
  partitions: { firstOffset: number | null; lastOffset: number | null }[];
}) {
  return [summary.restored, summary.partitions[0].firstOffset, summary.partitions[0].lastOffset, summary.gaps];
}

describe('restore and ls select by the objects, not by their keys alone (bundled CLI, mock Kafka, local COS)', () => {
  let peers: Peers;
  let env: Record<string, string>;
  let cos: CosClient;

  beforeAll(async () => {
    peers = await startPeers([{ name: TOPIC, partitions: 1 }]);
    env = cosEnv(peers);
    cos = testCos(peers);
  }, 60_000);
  afterAll(() => peers?.stop());

  /** The keys the CLI sent a HEAD for while `run` ran, sorted. */
  async function headsDuring<T>(prefix: string, run: () => Promise<T>): Promise<{ result: T; heads: string[] }> {
    const before = peers.cos.requests.length;
    const result = await run();
    const heads = peers.cos.requests
      .slice(before)
      .filter((r) => r.method === 'HEAD' && r.key.startsWith(prefix))
      .map((r) => r.key)
      .sort();
    return { result, heads };
  }

  test('an offset range past the later keys finds the records an earlier, longer object holds', async () => {
    // +0 holds 0-199; the objects at +50 and +100 hold less than their keys suggest.
    await putBackupObject(cos, 'reach/', records(0, 199));
    await putBackupObject(cos, 'reach/', records(50, 99));
    await putBackupObject(cos, 'reach/', records(100, 149));
    await peers.kafka.createTopic('reach-all', 1);
    await peers.kafka.createTopic('reach-120', 1);

    const all = json(await runCli(restoreArgs(peers, 'reach/', 'reach-all', '--json'), { env }));
    expect(restoredOf(all)).toEqual([200, 0, 199, []]);

    for (const from of [120, 170]) {
      const dry = json(
        await runCli(restoreArgs(peers, 'reach/', 'reach-120', '--from-offset', String(from), '--dry-run', '--json'), {
          env,
        }),
      );
      expect(restoredOf(dry)).toEqual([200 - from, from, 199, []]);
    }
    const bounded = json(
      await runCli(
        restoreArgs(peers, 'reach/', 'reach-120', '--from-offset', '150', '--to-offset', '180', '--dry-run', '--json'),
        { env },
      ),
    );
    expect(restoredOf(bounded)).toEqual([31, 150, 180, []]);

    const run = json(
      await runCli(restoreArgs(peers, 'reach/', 'reach-120', '--from-offset', '120', '--json'), { env }),
    );
    expect(restoredOf(run)).toEqual([80, 120, 199, []]);
    const target = await consume(peers.kafka.bootstrap, 'reach-120');
    expect(target.map(originOf)).toEqual(origins(120, 199));
    expect(target.map((r) => r.value!.toString())).toEqual(records(120, 199).map((r) => r.value!.toString()));
  });

  test('a gap after an earlier, longer object is named with its true offsets; objects past the range are not read', async () => {
    const first = await putBackupObject(cos, 'reach-gap/', records(0, 199));
    const second = await putBackupObject(cos, 'reach-gap/', records(50, 99));
    const third = await putBackupObject(cos, 'reach-gap/', records(100, 149));
    const last = await putBackupObject(cos, 'reach-gap/', records(250, 299));
    await peers.kafka.createTopic('reach-gap', 1);

    // 150-199 are in the first object: only 200-249 are missing.
    const refused = await runCli(restoreArgs(peers, 'reach-gap/', 'reach-gap', '--from-offset', '120', '--dry-run'), {
      env,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `the selected range has 1 gap(s), so the restore would not be complete: orders/0 offsets 200-249 (50, missing: no object between ${first} and ${last}).`,
    );
    const allowed = json(
      await runCli(
        restoreArgs(peers, 'reach-gap/', 'reach-gap', '--from-offset', '120', '--allow-gaps', '--dry-run', '--json'),
        { env },
      ),
    );
    expect([allowed.restored, allowed.gaps]).toEqual([
      80 + 50,
      [{ partition: 0, from: 200, to: 249, kind: 'missing', after: first, before: last, marker: null }],
    ]);

    // Every object that starts before the range's end may reach into it: each gets a HEAD; the one after does not.
    const { result, heads } = await headsDuring('reach-gap/', () =>
      runCli(
        restoreArgs(
          peers,
          'reach-gap/',
          'reach-gap',
          '--from-offset',
          '120',
          '--to-offset',
          '130',
          '--dry-run',
          '--json',
        ),
        { env },
      ),
    );
    expect(restoredOf(json(result))).toEqual([11, 120, 130, []]);
    expect(heads).toEqual([first, second, third].sort());
  });

  test('a time range finds records that an earlier, longer object holds past the later keys (restore and ls)', async () => {
    // Records a minute apart from 22:00: +0 (22:00) holds 0-199, up to 01:19 the next day; the keys
    // +50 (22:50) and +100 (23:40) suggest it ends before 22:50.
    const minutes = (offset: number) => BASE_TIME + offset * MINUTE;
    await putBackupObject(cos, 'reach-time/', records(0, 199, minutes));
    await putBackupObject(cos, 'reach-time/', records(50, 99, minutes));
    await putBackupObject(cos, 'reach-time/', records(100, 149, minutes));
    await peers.kafka.createTopic('reach-time', 1);
    const from = new Date(minutes(170)).toISOString();
    const to = new Date(minutes(200)).toISOString();

    const dry = json(
      await runCli(
        restoreArgs(peers, 'reach-time/', 'reach-time', '--from-time', from, '--to-time', to, '--dry-run', '--json'),
        {
          env,
        },
      ),
    );
    expect(restoredOf(dry)).toEqual([30, 170, 199, []]);

    const ls = json(await runCli(['ls', ...at('reach-time/'), '--from', from, '--to', to, '--json'], { env }));
    expect(ls.topics[0].partitions).toEqual([
      expect.objectContaining({ partition: 0, ranges: [{ from: 0, to: 199 }], gaps: [] }),
    ]);
  });

  test('a time range before 1970 selects exactly the records filed under the 1970-01-01T00 folder', async () => {
    // Before 1970, 2026, then "no timestamps": int64 min and -1 (Kafka's "none").
    const early = await putBackupObject(
      cos,
      'epoch/',
      records(0, 9, (o) => BEFORE_1970 + o * 1000),
    );
    const ordinary = await putBackupObject(cos, 'epoch/', records(10, 19));
    const none = await putBackupObject(
      cos,
      'epoch/',
      records(20, 21, (o) => (o === 20 ? INT64_MIN : -1)),
    );
    expect(early).toContain('/dt=1970-01-01/hour=00/');
    expect(none).toContain('/dt=1970-01-01/hour=00/');
    await peers.kafka.createTopic('epoch', 1);
    await peers.kafka.createTopic('epoch-dry', 1);

    const run = json(
      await runCli(
        restoreArgs(
          peers,
          'epoch/',
          'epoch',
          '--from-time',
          '1969-12-31T22:00Z',
          '--to-time',
          '1969-12-31T23:00Z',
          '--json',
        ),
        { env },
      ),
    );
    expect(restoredOf(run)).toEqual([10, 0, 9, []]);
    const target = await consume(peers.kafka.bootstrap, 'epoch');
    expect(target.map(originOf)).toEqual(origins(0, 9));
    expect(target.map((r) => r.timestamp)).toEqual(records(0, 9).map((r) => BEFORE_1970 + r.offset * 1000));

    // Open at the start: int64 min too. Epoch milliseconds may be negative.
    const before = json(
      await runCli(restoreArgs(peers, 'epoch/', 'epoch-dry', '--to-time', '1969-12-31T23:00Z', '--dry-run', '--json'), {
        env,
      }),
    );
    // The 2026 object cannot hold such records and is not read: of the others, only -1 is outside.
    expect([...restoredOf(before), before.outsideRange]).toEqual([11, 0, 20, [], 1]);
    const noTimestamp = json(
      await runCli(
        restoreArgs(peers, 'epoch/', 'epoch-dry', '--from-time=-1', '--to-time', '0', '--dry-run', '--json'),
        {
          env,
        },
      ),
    );
    expect(restoredOf(noTimestamp)).toEqual([1, 21, 21, []]);
    const negative = json(
      await runCli(
        restoreArgs(
          peers,
          'epoch/',
          'epoch-dry',
          '--from-time',
          '-7200000',
          '--to-time',
          '-3600000',
          '--dry-run',
          '--json',
        ),
        { env },
      ),
    );
    expect(restoredOf(negative)).toEqual([10, 0, 9, []]);

    // ls lists the objects that may hold such records, and sends no HEAD for one that cannot (2026).
    const { result, heads } = await headsDuring('epoch/', () =>
      runCli(['ls', ...at('epoch/'), '--from', '1969-12-31T22:00Z', '--to', '1969-12-31T23:00Z', '--json'], { env }),
    );
    const ls = json(result);
    expect(ls.topics[0].partitions).toEqual([
      expect.objectContaining({
        partition: 0,
        objects: 2,
        ranges: [
          { from: 0, to: 9 },
          { from: 20, to: 21 },
        ],
        gaps: [],
      }),
    ]);
    expect(heads).toEqual([early, none].sort());
    expect(heads).not.toContain(ordinary);
  });

  test('a time beyond what the options take is a usage error naming the option, the value and the rule', async () => {
    const tooLate = await runCli(
      restoreArgs(peers, 'epoch/', 'epoch-refused', '--to-time', '9223372036854775807', '--dry-run'),
      { env },
    );
    expect([tooLate.code, tooLate.stdout]).toEqual([2, '']);
    expect(tooLate.stderr).toMatch(
      /^ckafka-cos-backup: --to-time "9223372036854775807" is out of range: epoch milliseconds from -8640000000000000 to 8640000000000000 /,
    );
    const tooEarly = await runCli(['ls', ...at('epoch/'), '--from=-9223372036854775808'], { env });
    expect([tooEarly.code, tooEarly.stdout]).toEqual([2, '']);
    expect(tooEarly.stderr).toMatch(/^ckafka-cos-backup: --from "-9223372036854775808" is out of range: /);
  });
});
