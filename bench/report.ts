/** Medians, spreads and the Markdown table of bench/bench.ts. */

/** One line of the table: a goal, both libraries' values, ours / theirs, on which Node. */
export interface Row {
  readonly goal: string;
  readonly node: string;
  readonly ours: string;
  readonly theirs: string;
  /** ours / theirs (NaN when a ratio means nothing). */
  readonly ratio: number;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** "median (min–max)", in whole milliseconds. */
export function describeSpread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(0)} (${sorted[0]?.toFixed(0)}–${sorted.at(-1)?.toFixed(0)})`;
}

function ratioText(ratio: number): string {
  if (!Number.isFinite(ratio)) return "";
  return ratio >= 0.1 ? ratio.toFixed(2) : `${ratio.toFixed(4)} (${(1 / ratio).toFixed(0)}× less)`;
}

/** The Markdown table, with a line saying how it was measured. */
export function table(rows: readonly Row[], runs: number): string {
  const header =
    "| goal | Node | azfed | @azure/identity | azfed / identity |\n| --- | --- | ---: | ---: | ---: |";
  const lines = rows.map(
    (row) => `| ${row.goal} | ${row.node} | ${row.ours} | ${row.theirs} | ${ratioText(row.ratio)} |`,
  );
  return `Measured by \`pnpm bench\` on ${new Date().toISOString().slice(0, 16)}Z, ${process.platform}/${process.arch}; times are the median (min–max) of ${runs} fresh processes per library, alternated.\n\n${header}\n${lines.join("\n")}\n`;
}
