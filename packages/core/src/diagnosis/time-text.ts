/** Seconds since the epoch as an ISO date. */
export function isoSeconds(seconds: number): string {
  return iso(seconds * 1000);
}

/** Milliseconds since the epoch as an ISO date (or as a number when out of range). */
export function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms since the epoch` : date.toISOString();
}

/** A duration in the largest sensible units: "42 s", "3 min 5 s", "2 h 10 min", "3 days". */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}
