// How fresh a partition's backup is, from the metadata of its last object alone: shared by
// `status` and `ls`, so both say the same time and age.
import type { Int64 } from '../../contract/int64';
import { formatHour, formatTime, MAX_DATE_MS } from '../command-line/text-format';

/** How fresh a partition's backup is: the time and age of its newest backed-up record. */
export interface NewestRecordTime {
  /** ISO time; null when the timestamp is beyond what a date holds (a microsecond timestamp). */
  readonly iso: string | null;
  readonly ageSeconds: number | null;
  /** False: no last-timestamp metadata (an older handler), so the last object's key hour stands in. */
  readonly exact: boolean;
}

/** The newest record's time: the last object's last-timestamp, else its key hour (approximate). */
export function newestRecordTime(hourStartMs: number, lastTimestamp: Int64 | undefined, now: number): NewestRecordTime {
  if (lastTimestamp === undefined) {
    return { iso: formatTime(hourStartMs), ageSeconds: Math.floor((now - hourStartMs) / 1000), exact: false };
  }
  const inRange = lastTimestamp >= -MAX_DATE_MS && lastTimestamp <= MAX_DATE_MS;
  const ms = Number(lastTimestamp);
  return {
    iso: inRange ? formatTime(ms) : null,
    ageSeconds: inRange ? Math.floor((now - ms) / 1000) : null,
    exact: true,
  };
}

/**
 * The newest record's time as `status` and `ls --html` show it: `-` without one; exact, its ISO
 * time; approximate (the last object's key hour), `~` and that hour.
 */
export function newestRecordText(iso: string | null, exact: boolean | null): string {
  if (exact === null) return '-';
  if (exact) return iso ?? 'beyond year 275760';
  return `~${formatHour(Date.parse(iso!))}`;
}
