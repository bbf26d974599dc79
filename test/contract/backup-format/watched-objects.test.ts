// The watch list in `_state/suspect/` metadata: what the handler writes it reads back exactly,
// within COS's 2 KB metadata limit, and a damaged entry is an error that names it.
import { decodeWatched, encodeWatched, MAX_WATCHED_OBJECTS, objectKey } from '../../../contract/backup-format';

const folder = { prefix: 'backups/', instanceId: 'ckafka-abc12345', topic: 'orders', partition: 3 };
const keyAt = (startOffset: number, firstTimestampMs: number) =>
  objectKey({ ...folder, startOffset, firstTimestampMs });

describe('watched objects', () => {
  test('round trip, six-digit years and the longest offsets included', () => {
    const watched = [
      { key: keyAt(0, Date.UTC(2026, 11, 5, 23)), nextOffset: 713, untilMs: 1_796_000_000_000 },
      { key: keyAt(Number.MAX_SAFE_INTEGER - 1, 0), nextOffset: Number.MAX_SAFE_INTEGER, untilMs: 1_000 },
      {
        key: `${folder.prefix}${folder.instanceId}/orders/dt=+056791-07-09/hour=04/partition=3/orders+3+00000000000000000042.jsonl.gz`,
        nextOffset: 50,
        untilMs: 2_000,
      },
    ];
    expect(decodeWatched(encodeWatched(watched, folder.prefix), folder, 'here')).toEqual(watched);
    expect(decodeWatched(undefined, folder, 'here')).toEqual([]);
  });

  test('the longest list fits COS`s 2 KB of metadata with a long suspect key beside it', () => {
    const longest = Array.from({ length: MAX_WATCHED_OBJECTS }, (_, i) => ({
      key: keyAt(Number.MAX_SAFE_INTEGER - i - 1, Date.UTC(2026, 0, 1)),
      nextOffset: Number.MAX_SAFE_INTEGER,
      untilMs: 99_999_999_999_000,
    }));
    // Kafka's longest topic name, 249 characters, is in the suspect key twice.
    const suspect = objectKey({
      ...folder,
      topic: 't'.repeat(249),
      startOffset: Number.MAX_SAFE_INTEGER,
      firstTimestampMs: 0,
    });
    expect(encodeWatched(longest, folder.prefix).length + suspect.length + 'watch'.length + 'key'.length).toBeLessThan(
      2048,
    );
  });

  test('a key that is no backup object, and a damaged entry, are errors that name them', () => {
    expect(() => encodeWatched([{ key: 'backups/other', nextOffset: 1, untilMs: 1 }], folder.prefix)).toThrow(
      '"backups/other" is not a backup object key under "backups/"',
    );
    expect(() => decodeWatched('2026-12-05/23/0/x/1', folder, '_state/suspect/partition=3')).toThrow(
      '_state/suspect/partition=3: watch entry "2026-12-05/23/0/x/1" is not <day>/<hour>/<start>/<next>/<until seconds>',
    );
  });
});
