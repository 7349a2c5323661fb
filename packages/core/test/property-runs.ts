/**
 * How many cases a fast-check property tries: `runs`, or fewer when the environment variable
 * `AZFED_PROPERTY_RUNS` caps it. `pnpm mutation` sets the cap (`vitest.mutation.config.ts`): it runs
 * the tests once per mutant, and the hand-written cases kill what the generated ones would.
 *
 * @example
 * ```ts
 * fc.assert(property, { numRuns: propertyRuns(300) });
 * ```
 */
export function propertyRuns(runs: number): number {
  const cap = Number(process.env.AZFED_PROPERTY_RUNS);
  return Number.isInteger(cap) && cap > 0 ? Math.min(runs, cap) : runs;
}
