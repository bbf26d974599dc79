// Bounded concurrency for many similar requests (HEADs, partitions): enough in flight to hide
// latency, few enough for the memory and connections of one function or one laptop.

/** Runs `work` over `items` with at most `limit` calls in flight, starting them in input order. */
async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * `fn` over `items` with at most `limit` calls in flight; results in input order; rejects on the
 * first failure, after which no further call starts (those in flight run to their end).
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let failed = false;
  await runPool(items, limit, async (item, index) => {
    if (failed) return;
    try {
      results[index] = await fn(item, index);
    } catch (error) {
      failed = true;
      throw error;
    }
  });
  return results;
}

/** Like `mapConcurrent`, but every item runs and each outcome is reported, failures included. */
export async function mapSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  await runPool(items, limit, async (item, index) => {
    try {
      results[index] = { status: 'fulfilled', value: await fn(item) };
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
  });
  return results;
}
