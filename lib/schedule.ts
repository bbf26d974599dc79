// The timer trigger's cron expression for a granularity in minutes.
import { numberText } from './tokens';

/**
 * SCF timer cron (7 fields: second minute hour day month weekday year) that fires every
 * `minutes` minutes. `*\/N` restarts at each full hour, so for N that does not divide 60 the
 * last run of an hour comes early; the handler plans each run up to the next firing time, so
 * runs never overlap.
 */
export function timerCron(minutes: number): string {
  return `0 */${numberText(minutes)} * * * * *`;
}
