/** Small numeric helpers shared by the steps and the report. */

/** The median (the mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return sorted.length === 0 ? NaN : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile, p in 0–100. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 9812.3 -> "9,812". */
export function integer(value: number): string {
  return grouped.format(value);
}

/** Milliseconds with a precision that suits their size: 0.42, 8.31, 41.2, 1,204. */
export function milliseconds(value: number): string {
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return integer(value);
}

/** A value in its unit, as the report shows it. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return `${milliseconds(value)} ms`;
    case 'bytes':
      return `${(value / 2 ** 20).toFixed(1)} MiB`;
    case 'µs':
      return `${integer(value)} µs`;
    case 'ns':
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} µs` : `${integer(value)} ns`;
    case '×':
      return `${value.toFixed(value >= 10 ? 0 : 2)}×`;
    default:
      return `${integer(value)} ${unit}`;
  }
}
