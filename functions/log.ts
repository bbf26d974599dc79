// Structured logs: one JSON object per line, with stable field names, to the function's log.
// Written whole to stdout: SCF parses a line that is one JSON object into fields (which CLS can
// index and alarm on), but console.log on its Node.js runtimes may put the time and the request
// id before it, and the line is then plain text (SCF "Log Description", cn 583/46772).

/** `debug`: per-part upload steps, for tracing a slow or failed object. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...fields }, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value instanceof Error ? value.message : value,
  );
  process.stdout.write(`${line}\n`);
}
