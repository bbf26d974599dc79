// What this suite proves: shuffled() keeps every item and is uniform, which the comparator
// shuffle is not.
import { shuffled } from '../../functions/shuffle';

describe('shuffled', () => {
  test('keeps every item and leaves the input alone', () => {
    const items = [1, 2, 3, 4, 5];
    const out = shuffled(items);
    expect([...out].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5]);
  });

  test('puts each item first about equally often (the comparator shuffle does not)', () => {
    // A seeded generator keeps the test repeatable: mulberry32.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const runs = 40_000;
    const n = 8;
    const firsts = new Array(n).fill(0);
    for (let r = 0; r < runs; r += 1) firsts[shuffled([...Array(n).keys()], random)[0]] += 1;
    for (const count of firsts) expect(Math.abs(count - runs / n) / (runs / n)).toBeLessThan(0.05);
  });
});
