// `restore --rate-limit`: paces produce calls so that a restore does not swamp the target cluster.

/**
 * Paces work to `perSecond` units on average: each `take(n)` waits until the previous takes
 * have had their share of time. The first take never waits.
 */
export class RateLimiter {
  private nextFreeAt = 0;

  constructor(private readonly perSecond: number) {}

  async take(count: number): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = start + (count / this.perSecond) * 1000;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }
}
