// Objects that a run which is gone may still overwrite: the handler keeps them in the partition's
// `_state/suspect/` object and checks each on every run until no late write can land any more.
import { objectKeyInFolder, parseObjectKey } from './object-key';
import { parseOffset } from './offset';

/**
 * An object that a run completed after taking over its key from a run that did not finish: the
 * first run's last request (a PUT, a Complete) may still be applied by COS and replace it with
 * fewer records. Until `untilMs` every run checks that the object still reaches `nextOffset`.
 */
export interface WatchedObject {
  readonly key: string;
  /** Where the object ends (its next-offset metadata) as the run that completed it wrote it. */
  readonly nextOffset: number;
  /** Epoch ms after which no late write of the run that did not finish can land. */
  readonly untilMs: number;
}

/**
 * At most this many objects are watched per partition. Each entry takes up to 68 characters of
 * the object's metadata, which COS limits to 2 KB in all (PUT Object, cn 436/7749); the suspect key, up to
 * about 650 characters with a 249-character topic, takes the rest. Sixteen means sixteen runs
 * that died mid-write within one watch period.
 */
export const MAX_WATCHED_OBJECTS = 16;

/** The metadata value `watch`: `<day>/<hour>/<startOffset>/<nextOffset>/<untilSeconds>`, comma separated. */
export function encodeWatched(watched: readonly WatchedObject[], prefix: string): string {
  return watched
    .map((w) => {
      const parsed = parseObjectKey(w.key, prefix);
      if (!parsed) throw new Error(`"${w.key}" is not a backup object key under "${prefix}"`);
      return `${parsed.day}/${parsed.hour}/${parsed.startOffset}/${w.nextOffset}/${Math.ceil(w.untilMs / 1000)}`;
    })
    .join(',');
}

const ENTRY = /^((?:\d{4}|[+-]\d{6})-\d{2}-\d{2})\/(\d{2})\/(\d+)\/(\d+)\/(\d+)$/;

/** The watched objects of one partition; a damaged entry is an error naming `where`. */
export function decodeWatched(
  value: string | undefined,
  folder: { prefix: string; instanceId: string; topic: string; partition: number },
  where: string,
): WatchedObject[] {
  if (!value) return [];
  return value.split(',').map((entry) => {
    const m = ENTRY.exec(entry);
    if (!m) throw new Error(`${where}: watch entry "${entry}" is not <day>/<hour>/<start>/<next>/<until seconds>`);
    const [, day, hour, start, next, until] = m;
    return {
      key: objectKeyInFolder({ ...folder, day, hour, startOffset: parseOffset(start, `${where}: start offset`) }),
      nextOffset: parseOffset(next, `${where}: next offset`),
      untilMs: Number(until) * 1000,
    };
  });
}
