/**
 * A moment relative to now in words: "in 5 minutes", "in 59 seconds", "3 minutes ago".
 *
 * @example
 * ```ts
 * relativeTime(Date.now() + 5 * 60_000, Date.now()); // "in 5 minutes"
 * ```
 */
export function relativeTime(atMs: number, nowMs: number): string {
  const seconds = Math.round((atMs - nowMs) / 1000);
  const size = Math.abs(seconds);
  const amount =
    size < 90
      ? plural(size, "second")
      : size < 90 * 60
        ? plural(Math.round(size / 60), "minute")
        : size < 36 * 3600
          ? plural(Math.round(size / 3600), "hour")
          : plural(Math.round(size / 86_400), "day");
  return seconds >= 0 ? `in ${amount}` : `${amount} ago`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}
