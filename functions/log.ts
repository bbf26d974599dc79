// Structured logs: one JSON object per line, with stable field names, to the function's log.

/** `debug`: per-part upload steps, for tracing a slow or failed object. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...fields }, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value instanceof Error ? value.message : value,
  );
  if (level === 'error') console.error(line);
  else console.log(line);
}
