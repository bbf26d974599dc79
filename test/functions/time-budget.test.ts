// What this suite proves: a run's deadline respects the next timer firing, the function's time
// limit and the parent's deadline, so that runs never overlap by design; and the safety margin
// keeps time for the uploads, then the bookkeeping, then the report, in that order.
import { BudgetInput, nextTimerFiring, runTimes } from '../../functions/time-budget';

/** Where a run stops reading: the deadline the handler goes by. */
const readsEnd = (input: BudgetInput) => runTimes(input).readsEndMs;

const at = (iso: string) => Date.parse(iso);

describe('run deadline', () => {
  test('the next firing of */N restarts at the full hour', () => {
    expect(new Date(nextTimerFiring(at('2026-01-01T10:00:00Z'), 5)).toISOString()).toBe('2026-01-01T10:05:00.000Z');
    expect(new Date(nextTimerFiring(at('2026-01-01T10:57:30Z'), 5)).toISOString()).toBe('2026-01-01T11:00:00.000Z');
    expect(new Date(nextTimerFiring(at('2026-01-01T10:49:00Z'), 7)).toISOString()).toBe('2026-01-01T10:56:00.000Z');
    expect(new Date(nextTimerFiring(at('2026-01-01T10:56:00Z'), 7)).toISOString()).toBe('2026-01-01T11:00:00.000Z');
  });

  test('a timer run ends before the next firing and within its time limit, minus the margin', () => {
    const fired = at('2026-01-01T10:56:00Z');
    expect(
      readsEnd({
        nowMs: fired + 1000,
        firedAtMs: fired,
        granularityMinutes: 7,
        timeLimitMs: 420_000,
        safetyMarginMs: 30_000,
      }),
    ).toBe(at('2026-01-01T10:59:30Z'));
    expect(
      readsEnd({
        nowMs: fired,
        firedAtMs: fired,
        granularityMinutes: 15,
        timeLimitMs: 60_000,
        safetyMarginMs: 5_000,
      }),
    ).toBe(fired + 55_000);
  });

  test('an async retry of an old timer event gets no time, so it never overlaps the newer run', () => {
    const fired = at('2026-01-01T10:00:00Z');
    expect(
      readsEnd({
        nowMs: fired + 3_600_000,
        firedAtMs: fired,
        granularityMinutes: 5,
        timeLimitMs: 300_000,
        safetyMarginMs: 30_000,
      }),
    ).toBeLessThan(fired + 3_600_000);
  });

  test('fanned-out runs keep the parent deadline; invocations without a firing time only their limit', () => {
    const now = at('2026-01-01T10:04:59Z');
    expect(
      readsEnd({
        nowMs: now,
        granularityMinutes: 5,
        timeLimitMs: 300_000,
        safetyMarginMs: 30_000,
        parentDeadlineMs: now + 10_000,
      }),
    ).toBe(now + 10_000);
    expect(readsEnd({ nowMs: now, granularityMinutes: 5, timeLimitMs: 300_000, safetyMarginMs: 30_000 })).toBe(
      now + 270_000,
    );
  });

  test('the margin is shared: reads stop, then uploads end, then every other COS request, before the end', () => {
    const now = at('2026-01-01T10:00:00Z');
    expect(runTimes({ nowMs: now, granularityMinutes: 5, timeLimitMs: 300_000, safetyMarginMs: 30_000 })).toEqual({
      readsEndMs: now + 270_000,
      uploadsEndMs: now + 290_000,
      requestsEndMs: now + 297_000,
      endMs: now + 300_000,
    });
    // The smallest margin keeps the same order.
    const small = runTimes({ nowMs: now, granularityMinutes: 5, timeLimitMs: 4_500, safetyMarginMs: 1_000 });
    expect(small).toEqual({
      readsEndMs: now + 3_500,
      uploadsEndMs: now + 4_167,
      requestsEndMs: now + 4_400,
      endMs: now + 4_500,
    });
    // A fanned-out run ends with its parent: the parent's deadline plus the margin.
    expect(
      runTimes({
        nowMs: now,
        granularityMinutes: 5,
        timeLimitMs: 300_000,
        safetyMarginMs: 30_000,
        parentDeadlineMs: now + 10_000,
      }).endMs,
    ).toBe(now + 40_000);
  });
});
