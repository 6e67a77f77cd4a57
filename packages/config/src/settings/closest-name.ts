// "Did you mean ...?" for misspelt setting names.

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `input` (case-insensitive, `-` read as `_`) when it is close enough
 * to be a likely typo: at most one edit per three characters, and never more than three.
 */
export function closestName<T extends string>(input: string, candidates: readonly T[]): T | undefined {
  const wanted = input.toLowerCase().replaceAll('-', '_');
  const limit = Math.min(3, Math.floor(wanted.length / 3));
  let best: T | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
