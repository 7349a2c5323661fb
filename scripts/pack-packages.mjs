// `pnpm release`'s last step: packs every public package into .release/<name>-<version>.tgz with
// `pnpm pack` (which turns `workspace:` ranges into real versions), after `pnpm build` and
// `pnpm check:packages` (publint and are-the-types-wrong) have passed. Prints each tarball with its
// size and file count; exits 1 if a package cannot be packed or its tarball lacks LICENSE or README.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const destination = join(root, ".release");
rmSync(destination, { recursive: true, force: true });
mkdirSync(destination);

let failures = 0;
for (const dir of readdirSync(join(root, "packages"))) {
  const cwd = join(root, "packages", dir);
  const manifest = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
  if (manifest.private) continue;
  try {
    const output = execFileSync("pnpm", ["pack", "--pack-destination", destination], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
    });
    const tarball = output.trim().split(/\r?\n/).at(-1) ?? "";
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split(/\r?\n/);
    const missing = ["package/LICENSE", "package/README.md", "package/package.json"].filter(
      (file) => !files.includes(file),
    );
    if (missing.length > 0) throw new Error(`${tarball} lacks ${missing.join(", ")}`);
    const kib = (statSync(tarball).size / 1024).toFixed(1);
    console.log(
      `ok   ${manifest.name}@${manifest.version}  ${tarball}  (${kib} KiB, ${files.filter(Boolean).length} files)`,
    );
  } catch (error) {
    failures++;
    console.log(`FAIL ${manifest.name}\n${error.stdout ?? ""}${error.stderr ?? ""}${error.message ?? ""}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
