// Checks every public package's published shape: publint (package.json, exports, files) and
// @arethetypeswrong/cli (types resolve for import and require under node16 and bundler resolution).
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
let failures = 0;
for (const dir of readdirSync(join(root, "packages"))) {
  const cwd = join(root, "packages", dir);
  for (const [tool, args] of [
    ["publint", ["--strict"]],
    ["attw", ["--pack", ".", "--profile", "node16"]],
  ]) {
    try {
      execFileSync(bin(tool), args, { cwd, stdio: "pipe" });
      console.log(`ok   ${tool} @azfed/${dir}`);
    } catch (error) {
      failures++;
      console.log(`FAIL ${tool} @azfed/${dir}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
