import type { ConformanceExpected } from "./conformance-case";

/**
 * Runs one of azfed's functions on a case's input and lists how its result differs from what the case
 * expects: the `key` value when the case expects one, or a refusal (an error naming `field`, whose
 * message contains each expected string). An empty list means the case holds. Framework-neutral:
 * assert `toEqual([])` in any test runner.
 *
 * @example
 * ```ts
 * expect(conformanceMismatches(testCase.expected, "subject", () => githubSubject(options))).toEqual([]);
 * ```
 */
export function conformanceMismatches(
  expected: ConformanceExpected,
  key: "subject" | "issuer" | "audience",
  run: () => string,
): string[] {
  let value: string;
  try {
    value = run();
  } catch (error) {
    const refusal = expected.refusal;
    if (!refusal) return [`expected ${key} ${JSON.stringify(expected[key])}, got an error: ${String(error)}`];
    const problems: string[] = [];
    const field = (error as { field?: unknown }).field;
    if (refusal.field !== undefined && field !== refusal.field) {
      problems.push(
        `expected the error to name field ${JSON.stringify(refusal.field)}, got ${JSON.stringify(field)}`,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    for (const part of refusal.message) {
      if (!message.includes(part))
        problems.push(`expected the error message to contain ${JSON.stringify(part)}: ${message}`);
    }
    return problems;
  }
  if (expected.refusal) return [`expected a refusal, got ${key} ${JSON.stringify(value)}`];
  return value === expected[key]
    ? []
    : [`expected ${key} ${JSON.stringify(expected[key])}, got ${JSON.stringify(value)}`];
}
