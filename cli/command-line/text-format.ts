// How numbers, sizes and times look in output meant for people (the --json output keeps raw values).
import type { Int64 } from '../../contract/int64';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `2026-11-24 22:00Z`: minute precision is enough for an hour taken from a key. */
export function formatHour(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The largest distance from the epoch a Date can show (about 273,790 years either way). */
export const MAX_DATE_MS = 8.64e15;

/**
 * A record timestamp, which is any int64: -1 is Kafka's "no timestamp"; beyond the years 0..9999
 * the ISO form has a signed six-digit year (+056791-...: microseconds written as milliseconds);
 * beyond what a date can show, the number itself.
 */
export function formatTimestamp(timestamp: Int64): string {
  if (timestamp === -1) return 'none (-1)';
  if (timestamp < -MAX_DATE_MS || timestamp > MAX_DATE_MS) return `${timestamp} ms`;
  return new Date(Number(timestamp)).toISOString();
}

/** `1 topic`, `2 topics`: a count with its noun. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `0-999,2000-2999`; a single offset stays a single number. */
export function formatRanges(ranges: { from: number; to: number }[]): string {
  return ranges.length === 0
    ? '-'
    : ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(',');
}

/** Columns padded to their widest cell; numeric columns are right-aligned. */
export function formatTable(header: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `45s`, `12m 5s`, `3h 5m`, `2d 4h`: two units at most. */
export function formatAge(seconds: number): string {
  if (seconds < 0) return `-${formatAge(-seconds)}`;
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}
