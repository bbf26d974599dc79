// Offset coverage of one partition from its objects: the ranges held, the gaps between objects
// (and the ranges the handler recorded as deleted by retention before it read them) and the
// offsets that more than one object holds.
//
// An object with `next` (metadata next-offset) accounts exactly for the offsets from its key's
// start offset up to `next`: offsets in there that hold no record were compacted away or are
// transaction markers. The following object must start (its key) at `next`; a later start is a
// gap. An object without it (written before next-offset existed) accounts for its first to its
// last record only, so offsets that compaction removed between two such objects look like a gap.

export interface OffsetSpan {
  readonly key: string;
  /** The key's start offset: where the run that wrote the object started reading. */
  readonly start: number;
  /** Offsets of the first and the last record. */
  readonly first: number;
  readonly last: number;
  /** Where the following object starts (metadata next-offset); undefined for objects written before it existed. */
  readonly next?: number;
}

/** Offsets [from, to) that retention deleted before the backup read them (an expired-range marker). */
export interface ExpiredSpan {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

export interface OffsetRange {
  from: number;
  to: number;
}

/**
 * `missing`: no object holds the offsets and nothing says why. `expired-before-backup`: the handler
 * found them deleted by retention before it could back them up (`marker` is its record of that).
 */
export type GapKind = 'missing' | 'expired-before-backup';

export interface Gap extends OffsetRange {
  kind: GapKind;
  /** The object before the gap and the one after it; null before the first or after the last object. */
  after: string | null;
  before: string | null;
  /** The expired-range marker's key (kind expired-before-backup only). */
  marker?: string;
  /** The object before the gap has no next-offset: the gap may be compaction (kind missing only). */
  inexact?: boolean;
}

export interface Overlap extends OffsetRange {
  keys: [string, string];
}

/** An object whose key starts below where the object before it says the next one starts, without holding any of its records. */
export interface MisplacedStart {
  key: string;
  start: number;
  /** The previous object's next-offset, and that object. */
  expected: number;
  after: string;
}

export interface Coverage {
  ranges: OffsetRange[];
  gaps: Gap[];
  overlaps: Overlap[];
  misplaced: MisplacedStart[];
  /** Where the backup of the partition continues: the furthest next-offset, when that object has one. */
  nextOffset: number | null;
}

interface Claim {
  key: string;
  /** Exclusive end of the offsets the object accounts for. */
  end: number;
  exact: boolean;
}

export function coverage(spans: readonly OffsetSpan[], expired: readonly ExpiredSpan[] = []): Coverage {
  const sorted = [...spans].sort(
    (a, b) => a.start - b.start || a.first - b.first || a.last - b.last || a.key.localeCompare(b.key),
  );
  const ranges: OffsetRange[] = [];
  const between: Gap[] = [];
  const overlaps: Overlap[] = [];
  const misplaced: MisplacedStart[] = [];
  // The span accounting for offsets furthest so far (gaps are measured against it), and the one
  // holding the furthest record (overlaps are).
  let claim: Claim | undefined;
  let held: { key: string; last: number } | undefined;
  let firstBegin: number | undefined;
  for (const span of sorted) {
    const exact = span.next !== undefined;
    const { begin, end } = accountedOffsets(span);
    firstBegin ??= begin;
    if (!claim) {
      ranges.push({ from: span.first, to: span.last });
    } else if (begin > claim.end) {
      between.push({
        from: claim.end,
        to: begin - 1,
        kind: 'missing',
        after: claim.key,
        before: span.key,
        ...(claim.exact ? {} : { inexact: true }),
      });
      ranges.push({ from: span.first, to: span.last });
    } else {
      if (held && span.first <= held.last) {
        overlaps.push({ from: span.first, to: Math.min(span.last, held.last), keys: [held.key, span.key] });
      } else if (claim.exact && span.start < claim.end) {
        misplaced.push({ key: span.key, start: span.start, expected: claim.end, after: claim.key });
      }
      const range = ranges[ranges.length - 1];
      range.to = Math.max(range.to, span.last);
    }
    if (!claim || end > claim.end) claim = { key: span.key, end, exact };
    if (!held || span.last > held.last) held = { key: span.key, last: span.last };
  }

  // Gaps between objects that an expired-range marker explains are of that kind; markers before
  // the first object or after the last are gaps of their own.
  const markers = expired.filter((m) => m.to > m.from).sort((a, b) => a.from - b.from || a.to - b.to);
  const gaps: Gap[] = between.flatMap((gap) => splitByMarkers(gap, markers));
  for (const marker of markers) {
    const outside: Gap[] = [];
    if (firstBegin === undefined) {
      outside.push(expiredGap(marker.from, marker.to - 1, marker.key, null, null));
    } else {
      if (marker.from < firstBegin)
        outside.push(expiredGap(marker.from, Math.min(marker.to, firstBegin) - 1, marker.key, null, sorted[0].key));
      if (marker.to > claim!.end)
        outside.push(expiredGap(Math.max(marker.from, claim!.end), marker.to - 1, marker.key, claim!.key, null));
    }
    // Markers may overlap each other: keep each offset once.
    for (const gap of outside) gaps.push(...subtract(gap, gaps));
  }
  gaps.sort((a, b) => a.from - b.from || a.to - b.to);
  return { ranges, gaps, overlaps, misplaced, nextOffset: claim?.exact ? claim.end : null };
}

/**
 * The offsets [begin, end) an object accounts for: with `next`, from its key's start offset (or its
 * first record, if lower) up to `next`; without, its first to its last record.
 */
export function accountedOffsets(span: OffsetSpan): { begin: number; end: number } {
  if (span.next === undefined) return { begin: span.first, end: span.last + 1 };
  return { begin: Math.min(span.start, span.first), end: Math.max(span.next, span.last + 1) };
}

function expiredGap(from: number, to: number, marker: string, after: string | null, before: string | null): Gap {
  return { from, to, kind: 'expired-before-backup', after, before, marker };
}

/** The gap cut into the parts the markers explain and the parts they do not. */
function splitByMarkers(gap: Gap, markers: readonly ExpiredSpan[]): Gap[] {
  const parts: Gap[] = [];
  let from = gap.from;
  for (const marker of markers) {
    if (marker.to - 1 < from || marker.from > gap.to) continue;
    if (marker.from > from) parts.push({ ...gap, from, to: marker.from - 1 });
    const to = Math.min(gap.to, marker.to - 1);
    parts.push(expiredGap(Math.max(from, marker.from), to, marker.key, gap.after, gap.before));
    from = to + 1;
    if (from > gap.to) break;
  }
  if (from <= gap.to) parts.push({ ...gap, from });
  return parts;
}

/** The parts of `gap` that no gap in `others` covers. */
function subtract(gap: Gap, others: readonly Gap[]): Gap[] {
  let parts: Gap[] = [gap];
  for (const other of others) {
    parts = parts.flatMap((part) => {
      if (other.to < part.from || other.from > part.to) return [part];
      const left = other.from > part.from ? [{ ...part, to: other.from - 1 }] : [];
      const right = other.to < part.to ? [{ ...part, from: other.to + 1 }] : [];
      return [...left, ...right];
    });
  }
  return parts;
}

/** `gaps` clipped to [from, to] (inclusive; either end open), those outside left out. */
export function gapsWithin(gaps: readonly Gap[], from = 0, to = Number.POSITIVE_INFINITY): Gap[] {
  return gaps
    .filter((gap) => gap.to >= from && gap.from <= to)
    .map((gap) => ({ ...gap, from: Math.max(gap.from, from), to: Math.min(gap.to, to) }));
}
