// Builds the `azfed` binary (and the workspace packages it runs on), and @azfed/testing, before the
// cli tests use them, when a dist is missing or older than its sources. Other packages' tests run from
// source; these run the real executable, as `npx @azfed/cli` would, and compile a consumer project
// against the published type declarations (consumer-types.test.ts).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packagesDir = fileURLToPath(new URL("../../", import.meta.url));
const repoRoot = join(packagesDir, "..");

export default function buildCliWhenStale(): void {
  const stale = [...workspaceClosure("cli"), "testing"].filter(isStale);
  if (stale.length === 0) return;
  console.log(`[cli tests] building @azfed/cli and its workspace dependencies (stale: ${stale.join(", ")})`);
  try {
    execFileSync("pnpm", ["--filter", "@azfed/cli...", "--filter", "@azfed/testing", "run", "build"], {
      cwd: repoRoot,
      stdio: "pipe",
      encoding: "utf8",
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`building @azfed/cli failed:\n${stdout}\n${stderr}`);
  }
}

/** The package folder and every workspace package it depends on at runtime. */
function workspaceClosure(folder: string, seen = new Set<string>()): string[] {
  if (seen.has(folder)) return [...seen];
  seen.add(folder);
  const manifest = JSON.parse(readFileSync(join(packagesDir, folder, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith("@azfed/")) workspaceClosure(name.slice("@azfed/".length), seen);
  }
  return [...seen];
}

function isStale(folder: string): boolean {
  const dir = join(packagesDir, folder);
  const built = mtime(join(dir, "dist", "index.js"));
  if (built === undefined) return true;
  const inputs = [join(dir, "package.json"), join(dir, "tsup.config.ts"), ...filesUnder(join(dir, "src"))];
  return inputs.some((file) => (mtime(file) ?? 0) > built);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function mtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
