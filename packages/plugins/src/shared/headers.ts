/** Header helpers shared by plugins: one value of a possibly repeated header. */
export function firstHeader(value: string | string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value[0];
  return String(value);
}
