// A small fixed-width table printer and the number formats the benchmarks share.

export type Row = string[];

/** Prints `rows` under `header`, numbers right-aligned (a cell that starts with a digit, sign or '~'). */
export function formatTable(header: Row, rows: Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (cell: string) => /^[-+~]?\d/.test(cell);
  const line = (cells: Row) =>
    cells
      .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The same table in Markdown. Columns after the first whose cells all look numeric are
 * right-aligned (empty and '-' cells count as numeric).
 */
export function markdownTable(header: Row, rows: Row[]): string {
  const numeric = (cell: string) => cell === '' || cell === '-' || /^[-+~]?\d/.test(cell);
  const right = header.map((_, i) => i > 0 && rows.length > 0 && rows.every((r) => numeric(r[i] ?? '')));
  const cell = (c: string) => c.replace(/\|/g, '\\|');
  const line = (cells: Row) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${right.map((r) => (r ? '--:' : '---')).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** `n` with `digits` significant digits at most, no exponent. */
export function num(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(n)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return n.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

export function mib(bytes: number): string {
  return `${num(bytes / MiB)} MiB`;
}

export function ms(value: number): string {
  return value >= 10_000 ? `${num(value / 1000)} s` : `${num(value)} ms`;
}

/** "2.1 / 2.3 / 2.6" of the sorted samples, for the spread column. */
export function spread(values: number[], format: (n: number) => string = (n) => num(n)): string {
  return [...values]
    .sort((a, b) => a - b)
    .map(format)
    .join(' / ');
}
