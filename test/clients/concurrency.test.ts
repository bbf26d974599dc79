// What this suite proves: mapConcurrent keeps at most its limit in flight, returns results in input
// order, and after a failure starts no further call (a command over hundreds of topics stops soon).
import { mapConcurrent, mapSettled } from '../../clients';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

test('at most the limit in flight, results in input order', async () => {
  let inFlight = 0;
  let most = 0;
  const results = await mapConcurrent([5, 1, 4, 2, 3, 0], 3, async (n, i) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    for (let t = 0; t < n; t += 1) await tick();
    inFlight -= 1;
    return `${i}:${n}`;
  });
  expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
  expect(most).toBe(3);
});

test('after a failure, no further call starts; the failure is what it rejects with', async () => {
  const started: number[] = [];
  const items = Array.from({ length: 50 }, (_, i) => i);
  await expect(
    mapConcurrent(items, 4, async (n) => {
      started.push(n);
      await tick();
      if (n === 5) throw new Error('item 5 failed');
      return n;
    }),
  ).rejects.toThrow('item 5 failed');
  for (let t = 0; t < 20; t += 1) await tick();
  // The four in flight with item 5, at most: nothing after them.
  expect(Math.max(...started)).toBeLessThanOrEqual(5 + 3);
});

test('mapSettled runs every item and reports each outcome', async () => {
  const settled = await mapSettled([1, 2, 3], 2, async (n) => {
    if (n === 2) throw new Error('two');
    return n * 10;
  });
  expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
    10,
    'two',
    30,
  ]);
});
