// When a run must stop. A timer run may use neither more than the function's time limit nor
// reach into the next timer firing (`*/N` in the minute field fires at minutes divisible by N,
// restarting every hour). Reads stop a safety margin before that end; the margin is for
// finishing uploads and then the bookkeeping after them, and every COS request is cut off at
// its own point in it.

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

/**
 * How the safety margin is shared out (epoch ms each):
 *
 *     readsEndMs ── uploads ── uploadsEndMs ── bookkeeping ── requestsEndMs ── report ── endMs
 *     end - margin             end - margin/3                 end - margin/10
 *
 * With the default margin of 30 s: two thirds (20 s) for the uploads open when reads stop (per
 * partition the parts in flight, the last part and the Complete: a few part sizes), then 7 s for
 * the bookkeeping after the last upload (the metadata copy, the read-back HEAD, the `_state/`
 * PUTs and the Kafka commit, one request each), and the last 3 s for the run to log what it cut
 * off and return before SCF kills it or the next timer run starts. A COS request still going at
 * its end is aborted (clients/cos); the partition is then left behind, and nothing past the
 * objects complete in COS is committed. The smallest margin, 1 s, splits as 667, 233 and 100 ms.
 */
export interface RunTimes {
  /** No new read starts after it: the run closes, uploads and commits what it has. */
  readonly readsEndMs: number;
  /** Requests that carry an object's content (initiate, parts, PUT, the check before, Complete) end by then. */
  readonly uploadsEndMs: number;
  /** Every other COS request of the run (metadata copy, read-back, `_state/`, aborts, listings) ends by then. */
  readonly requestsEndMs: number;
  /** The run's end: the function's time limit, the next timer firing or the parent's end. */
  readonly endMs: number;
}

/** Share of the margin, at its end, kept for the bookkeeping and the report (see RunTimes). */
const BOOKKEEPING_SHARE = 1 / 3;
/** Share of the margin, at its end, kept for the report alone. */
const REPORT_SHARE = 1 / 10;

export function runTimes(input: BudgetInput): RunTimes {
  const limits: number[] = [];
  // Only a timer event says when it fired; an invocation without that time (a manual or
  // test invocation) is bounded by its time limit alone.
  if (input.firedAtMs !== undefined) limits.push(nextTimerFiring(input.firedAtMs, input.granularityMinutes));
  if (input.timeLimitMs !== undefined) limits.push(input.nowMs + input.timeLimitMs);
  if (input.parentDeadlineMs !== undefined) limits.push(input.parentDeadlineMs + input.safetyMarginMs);
  if (limits.length === 0) limits.push(input.nowMs + 900_000); // SCF's longest time limit.
  const endMs = Math.min(...limits);
  const margin = input.safetyMarginMs;
  return {
    readsEndMs: endMs - margin,
    uploadsEndMs: endMs - Math.round(margin * BOOKKEEPING_SHARE),
    requestsEndMs: endMs - Math.round(margin * REPORT_SHARE),
    endMs,
  };
}

/** SCF's longest time limit: a run that started before this one has ended within it. */
const LONGEST_RUN_MS = 900_000;
/**
 * How long after its client is gone COS may still apply a request it has received: COS documents
 * no bound (a Complete can keep its connection for minutes, cn 436/7742), so an hour, far beyond
 * any request this handler makes (each is cut off by its run's end).
 */
const LATE_APPLY_MS = 3_600_000;

/**
 * Until when an object that this run completes after taking it over from a run that did not
 * finish is watched (see WatchedObject): that run started before this one, so it ended within
 * SCF's longest time limit from now, and its last request landed within LATE_APPLY_MS after.
 */
export function lateWriteWatchUntil(nowMs: number): number {
  return nowMs + LONGEST_RUN_MS + LATE_APPLY_MS;
}
