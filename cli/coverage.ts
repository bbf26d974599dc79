/**
 * Offset coverage of one partition from its objects' offset spans: the ranges held, the
 * gaps between objects and the offsets that more than one object holds.
 */
export interface OffsetSpan {
  readonly key: string;
  readonly first: number;
  readonly last: number;
}

export interface OffsetRange {
  from: number;
  to: number;
}

export interface Gap extends OffsetRange {
  /** The object before the gap and the one after it. */
  after: string;
  before: string;
}

export interface Overlap extends OffsetRange {
  keys: [string, string];
}

export interface Coverage {
  ranges: OffsetRange[];
  gaps: Gap[];
  overlaps: Overlap[];
}

export function coverage(spans: readonly OffsetSpan[]): Coverage {
  const sorted = [...spans].sort((a, b) => a.first - b.first || a.last - b.last || a.key.localeCompare(b.key));
  const ranges: OffsetRange[] = [];
  const gaps: Gap[] = [];
  const overlaps: Overlap[] = [];
  // The span reaching furthest so far: a gap or an overlap is measured against it.
  let reach: OffsetSpan | undefined;
  for (const span of sorted) {
    if (!reach) {
      ranges.push({ from: span.first, to: span.last });
    } else if (span.first > reach.last + 1) {
      gaps.push({ from: reach.last + 1, to: span.first - 1, after: reach.key, before: span.key });
      ranges.push({ from: span.first, to: span.last });
    } else {
      if (span.first <= reach.last) {
        overlaps.push({ from: span.first, to: Math.min(span.last, reach.last), keys: [reach.key, span.key] });
      }
      const range = ranges[ranges.length - 1];
      range.to = Math.max(range.to, span.last);
    }
    if (!reach || span.last > reach.last) reach = span;
  }
  return { ranges, gaps, overlaps };
}
