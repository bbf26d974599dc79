// A progress bar for the long commands (verify, restore), shown only to a person at a terminal so
// that scripts and --json output get clean streams.
import { Presets, SingleBar } from 'cli-progress';
import { formatBytes } from './text-format';

/** Progress of long work, measured in downloaded (compressed) bytes, with a record count. */
export interface Progress {
  add(records: number, bytes: number): void;
  stop(): void;
}

const QUIET: Progress = { add: () => undefined, stop: () => undefined };

/**
 * A bar on stderr while people watch (records, bytes, rate, ETA); nothing when stdout is
 * not a terminal (a pipe, a file, a script) or with --json.
 */
export function startProgress(label: string, totalBytes: number, json: boolean): Progress {
  if (json || !process.stdout.isTTY || !process.stderr.isTTY) return QUIET;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {records} records | {done} of {size} | {rate} records/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let records = 0;
  let bytes = 0;
  const payload = () => ({
    records,
    done: formatBytes(bytes),
    size: formatBytes(totalBytes),
    rate: Math.round(records / Math.max((Date.now() - started) / 1000, 0.001)),
  });
  const show = () => bar.update(Math.min(bytes, Math.max(totalBytes, 1)), payload());
  let shownAt = 0;
  bar.start(Math.max(totalBytes, 1), 0, payload());
  return {
    add(moreRecords, moreBytes) {
      records += moreRecords;
      bytes += moreBytes;
      // Called per record: redraw a few times a second only.
      if (Date.now() - shownAt >= 100) {
        shownAt = Date.now();
        show();
      }
    },
    stop() {
      show();
      bar.stop();
    },
  };
}
