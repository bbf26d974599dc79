// Randomizes the order in which a run backs up its partitions, so that under a lasting backlog no
// partition always comes last.

/** A uniformly shuffled copy (Fisher-Yates); `sort(() => Math.random() - 0.5)` is biased. */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
