// Prints `N passed, N failed[, N skipped]` over one or more vitest JSON reports (one per Node.js line
// CI tests), after one such line per report; exits 1 when a report is missing or unreadable (it
// counts as one failure) or when the reports count no test at all.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const files = process.argv.length > 2 ? process.argv.slice(2) : [".ci/out/vitest.json"];
const total = { passed: 0, failed: 0, skipped: 0 };
let unreadable = 0;
for (const file of files) {
  const counts = countReport(file);
  if (counts === undefined) {
    unreadable++;
    total.failed++;
    continue;
  }
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  if (files.length > 1) console.log(`${label(file)}: ${format(counts)}`);
}
console.log(format(total));
process.exit(unreadable > 0 || total.passed + total.failed === 0 ? 1 : 0);

/** The counts of one report, or undefined (after saying why) when it cannot be read. */
function countReport(file) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.log(`no vitest report at ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  // Suites that failed to load count as failures too: they ran none of their tests.
  const brokenFiles = (report.numFailedTestSuites ?? 0) > 0 ? countBrokenFiles(report) : 0;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function countBrokenFiles(report) {
  return (report.testResults ?? []).filter(
    (file) => file.status === "failed" && (file.assertionResults ?? []).length === 0,
  ).length;
}

/** `Node 22` for `.ci/out/vitest-node22.json`, else the file's name. */
function label(file) {
  const name = basename(file, ".json");
  const line = /node(\d+)$/.exec(name);
  return line ? `Node ${line[1]}` : name;
}

function format({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}
