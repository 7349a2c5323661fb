import type { ConformanceVerdict } from "@azfed/testing";
import { expect } from "vitest";
import type { FicValidationResult } from "../src/index";

/**
 * Asserts a validator result against a conformance case's verdict: `valid`, and each expected entry
 * names (part of) the `"{field} {rule}"` of a reported problem, nothing else reported.
 */
export function expectVerdict(result: FicValidationResult, verdict: ConformanceVerdict): void {
  const describeProblem = (problem: { field: string; rule: string }) => `${problem.field} ${problem.rule}`;
  expect(result.valid).toBe(verdict.valid);
  expect(result.errors.map(describeProblem)).toEqual(
    (verdict.errors ?? []).map((part) => expect.stringContaining(part)),
  );
  expect(result.warnings.map(describeProblem)).toEqual(
    (verdict.warnings ?? []).map((part) => expect.stringContaining(part)),
  );
}
