// What this suite proves: the shared retry helper's tries, waits, jitter and abort, and the Kafka
// retry policy built on it.
import { KafkaProtocolError, KafkaTransientError, TopicNotFoundError } from '../../clients/kafka/errors';
import { KAFKA_BACKOFF, withKafkaRetries } from '../../clients/kafka/retry-policy';
import { backoffMs, sleep, withRetries, type RetryOptions } from '../../clients/retry';

/** Records the waits the helper asks for and lets them pass at once. */
function recordWaits(): number[] {
  const waits: number[] = [];
  const realSetTimeout = global.setTimeout;
  jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    waits.push(ms ?? 0);
    return realSetTimeout(fn, 0);
  }) as typeof setTimeout);
  return waits;
}

/** An attempt that fails with `errors` in turn, then returns 'ok'. */
function failing(...errors: unknown[]) {
  const attempt = jest.fn(async () => {
    if (attempt.mock.calls.length <= errors.length) throw errors[attempt.mock.calls.length - 1];
    return 'ok';
  });
  return attempt;
}

const transient = (message = 'Connection error: ECONNREFUSED') => new KafkaTransientError(message);

afterEach(() => jest.restoreAllMocks());

describe('withRetries', () => {
  const options = (extra: Partial<RetryOptions> = {}): RetryOptions => ({
    attempts: 3,
    baseDelayMs: 10,
    maxDelayMs: 1000,
    retryable: () => true,
    ...extra,
  });

  test('retries until a try succeeds', async () => {
    recordWaits();
    const attempt = failing(new Error('a'), new Error('b'));
    await expect(withRetries(options(), attempt)).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  test('makes `attempts` tries in all, then throws the last error itself', async () => {
    const waits = recordWaits();
    const last = new Error('c');
    const attempt = failing(new Error('a'), new Error('b'), last);
    await expect(withRetries(options(), attempt)).rejects.toBe(last);
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([10, 20]);
  });

  test('throws an error that is not retryable at once', async () => {
    const waits = recordWaits();
    const fatal = new Error('fatal');
    const attempt = failing(new Error('retry me'), fatal);
    await expect(withRetries(options({ attempts: 5, retryable: (e) => e !== fatal }), attempt)).rejects.toBe(fatal);
    expect(attempt).toHaveBeenCalledTimes(2);
    expect(waits).toEqual([10]);
  });

  test('with an operation, running out of tries names it, the number of tries and the last error', async () => {
    recordWaits();
    const last = new Error('timeout');
    const error = await withRetries(
      options({ operation: 'Listing offsets of t' }),
      failing(new Error('a'), new Error('b'), last),
    ).catch((e: Error) => e);
    expect(error).toEqual(new Error('Listing offsets of t failed after 3 attempts: timeout'));
    expect((error as Error).cause).toBe(last);
  });

  test('runs beforeRetry after each wait and before the next try; its own failure is ignored', async () => {
    const events: string[] = [];
    const realSetTimeout = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      events.push(`wait ${ms}`);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout);
    const attempt = jest.fn(async () => {
      events.push('try');
      if (attempt.mock.calls.length < 3) throw new Error(`fail ${attempt.mock.calls.length}`);
      return 'ok';
    });
    const beforeRetry = async (error: unknown) => {
      events.push(`before retry after ${(error as Error).message}`);
      throw new Error('metadata refresh failed');
    };
    await expect(withRetries(options({ beforeRetry }), attempt)).resolves.toBe('ok');
    expect(events).toEqual([
      'try',
      'wait 10',
      'before retry after fail 1',
      'try',
      'wait 20',
      'before retry after fail 2',
      'try',
    ]);
  });

  test("an abort ends a wait with the signal's reason, and an aborted signal allows no try", async () => {
    const controller = new AbortController();
    const attempt = jest.fn(async () => {
      setImmediate(() => controller.abort(new Error('stopped')));
      throw new Error('retry me');
    });
    await expect(withRetries(options({ baseDelayMs: 60_000, signal: controller.signal }), attempt)).rejects.toThrow(
      'stopped',
    );
    expect(attempt).toHaveBeenCalledTimes(1);

    const never = jest.fn(async () => 'ok');
    await expect(withRetries(options({ signal: controller.signal }), never)).rejects.toThrow('stopped');
    expect(never).not.toHaveBeenCalled();
    await expect(sleep(10, controller.signal)).rejects.toThrow('stopped');
  });
});

describe('backoffMs', () => {
  test('doubles from the base delay up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => backoffMs(KAFKA_BACKOFF, failures))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((failures) => backoffMs({ baseDelayMs: 500, maxDelayMs: 8000 }, failures))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
  });

  test('with jitter, waits between half the delay and the whole of it', () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 8000, jitter: true };
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect([1, 3, 6].map((failures) => backoffMs(policy, failures))).toEqual([250, 1000, 4000]);
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect([1, 3, 6].map((failures) => Math.round(backoffMs(policy, failures)))).toEqual([500, 2000, 8000]);
  });
});

describe('withKafkaRetries (broker calls)', () => {
  const policy = (retries: number, recovered: string[] = [], signal?: AbortSignal) => ({
    retries,
    signal,
    recover: async (error: unknown, what: string) => void recovered.push(`${what}: ${(error as Error).message}`),
  });

  test('makes retries + 1 attempts with 200 ms doubling waits, refreshing before each retry, then names the call', async () => {
    const waits = recordWaits();
    const recovered: string[] = [];
    const attempt = failing(transient(), transient(), transient(), transient());
    await expect(withKafkaRetries('Fetching t/0 at offset 5', policy(3, recovered), attempt)).rejects.toThrow(
      'Fetching t/0 at offset 5 failed after 4 attempts: Connection error: ECONNREFUSED',
    );
    expect(attempt).toHaveBeenCalledTimes(4);
    expect(waits).toEqual([200, 400, 800]);
    expect(recovered).toEqual(Array(3).fill('Fetching t/0 at offset 5: Connection error: ECONNREFUSED'));
  });

  test('retries transient and retriable protocol errors only', async () => {
    recordWaits();
    const notLeader = new KafkaProtocolError('not the leader', 'NOT_LEADER_FOR_PARTITION', 6, true);
    await expect(withKafkaRetries('x', policy(5), failing(transient(), notLeader))).resolves.toBe('ok');

    for (const fatal of [
      new KafkaProtocolError('not authorized', 'TOPIC_AUTHORIZATION_FAILED', 29, false),
      new TopicNotFoundError('t'),
      new Error('boom'),
    ]) {
      const attempt = failing(fatal);
      await expect(withKafkaRetries('x', policy(5), attempt)).rejects.toBe(fatal);
      expect(attempt).toHaveBeenCalledTimes(1);
    }
  });

  test('no retries: one attempt, still named', async () => {
    await expect(withKafkaRetries('Committing offset 3', policy(0), failing(transient('timeout')))).rejects.toThrow(
      'Committing offset 3 failed after 1 attempts: timeout',
    );
  });
});
