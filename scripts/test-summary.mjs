// Prints `N passed, N failed[, N skipped]` from a vitest JSON report; exits 1 when the report is
// missing, unreadable, or counts no test at all.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".ci/out/vitest.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.log(`no vitest report at ${file}: ${error instanceof Error ? error.message : String(error)}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// Suites that failed to load count as failures too: they ran none of their tests.
const failed =
  (report.numFailedTests ?? 0) + ((report.numFailedTestSuites ?? 0) ? countBrokenFiles(report) : 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(passed + failed === 0 ? 1 : 0);

function countBrokenFiles(r) {
  return (r.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0)
    .length;
}
