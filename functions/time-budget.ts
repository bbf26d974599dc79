// When a run must stop. A timer run may use neither more than the function's time limit nor
// reach into the next timer firing (`*/N` in the minute field fires at minutes divisible by N,
// restarting every hour), minus a margin that leaves time to finish uploads and commits.

export function nextTimerFiring(fromMs: number, granularityMinutes: number): number {
  const start = new Date(fromMs);
  start.setUTCSeconds(0, 0);
  for (let minutes = 1; minutes <= 60; minutes += 1) {
    const candidate = new Date(start.getTime() + minutes * 60_000);
    if (candidate.getUTCMinutes() % granularityMinutes === 0) return candidate.getTime();
  }
  return start.getTime() + 60 * 60_000;
}

export interface BudgetInput {
  readonly nowMs: number;
  /** When the timer fired (the event's Time), if known. */
  readonly firedAtMs?: number;
  readonly granularityMinutes: number;
  /** The invocation's own time limit (context.time_limit_in_ms). */
  readonly timeLimitMs?: number;
  readonly safetyMarginMs: number;
  /** A deadline handed down by the invocation that fanned this one out. */
  readonly parentDeadlineMs?: number;
}

/** The moment after which a run starts no new reads: it closes, uploads and commits what it has. */
export function runDeadline(input: BudgetInput): number {
  const limits: number[] = [];
  // Only a timer event says when it fired; an invocation without that time (a manual or
  // test invocation) is bounded by its time limit alone.
  if (input.firedAtMs !== undefined) limits.push(nextTimerFiring(input.firedAtMs, input.granularityMinutes));
  if (input.timeLimitMs !== undefined) limits.push(input.nowMs + input.timeLimitMs);
  if (input.parentDeadlineMs !== undefined) limits.push(input.parentDeadlineMs + input.safetyMarginMs);
  if (limits.length === 0) limits.push(input.nowMs + 900_000); // SCF's longest time limit.
  return Math.min(...limits) - input.safetyMarginMs;
}
