/**
 * Installs what each library's user installs, into fresh folders: our packages packed from their built
 * output (`pnpm pack`; every workspace package `@azfed/identity` depends on, found from the manifests,
 * so a new provider package is packed too), and `@azure/identity` from the registry. The benchmarks'
 * fresh processes import from these folders, and their size is the installed-size row.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A fresh folder with packages installed, and what they take. */
export interface Installation {
  readonly directory: string;
  readonly bytes: number;
  readonly packages: number;
  /** The version of the main package installed (ours: @azfed/identity; theirs: @azure/identity). */
  readonly version: string;
}

/** The workspace folders of `@azfed/identity` and every `@azfed/*` package it depends on. */
export async function ourPackageFolders(root: string): Promise<string[]> {
  const folders = new Map<string, string>();
  for (const entry of await readdir(join(root, "packages"))) {
    const manifest = join(root, "packages", entry, "package.json");
    if (!existsSync(manifest)) continue;
    const { name } = JSON.parse(await readFile(manifest, "utf8")) as { name: string };
    folders.set(name, join(root, "packages", entry));
  }
  const needed = new Set<string>();
  const visit = async (name: string): Promise<void> => {
    if (needed.has(name)) return;
    const folder = folders.get(name);
    if (!folder) throw new Error(`${name} is not a workspace package`);
    needed.add(name);
    const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (dependency.startsWith("@azfed/")) await visit(dependency);
    }
  };
  await visit("@azfed/identity");
  return [...needed].map((name) => folders.get(name) as string);
}

/** `pnpm pack` of our packages and `npm i` of the tarballs in a fresh folder. */
export async function installOurs(root: string): Promise<Installation> {
  const packDirectory = await mkdtemp(join(tmpdir(), "azfed-bench-pack-"));
  try {
    for (const folder of await ourPackageFolders(root)) {
      if (!existsSync(join(folder, "dist")))
        throw new Error(`Build the packages first (pnpm build): ${folder}`);
      await run("pnpm", ["pack", "--pack-destination", packDirectory], { cwd: folder });
    }
    const tarballs = (await readdir(packDirectory)).filter((file) => file.endsWith(".tgz"));
    return await install(
      tarballs.map((file) => join(packDirectory, file)),
      "@azfed/identity",
    );
  } finally {
    await rm(packDirectory, { recursive: true, force: true });
  }
}

/** `npm i` of `@azure/identity@<spec>` in a fresh folder. */
export function installTheirs(spec: string): Promise<Installation> {
  return install([`@azure/identity@${spec}`], "@azure/identity");
}

async function install(specs: readonly string[], main: string): Promise<Installation> {
  const directory = await mkdtemp(join(tmpdir(), "azfed-bench-install-"));
  await writeFile(join(directory, "package.json"), JSON.stringify({ name: "size-probe", private: true }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--omit=dev", ...specs], {
    cwd: directory,
    maxBuffer: 64 * 1024 * 1024,
  });
  const modules = join(directory, "node_modules");
  const { version } = JSON.parse(await readFile(join(modules, main, "package.json"), "utf8")) as {
    version: string;
  };
  return {
    directory,
    bytes: await directoryBytes(modules),
    packages: await countPackages(modules),
    version,
  };
}

async function directoryBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

async function countPackages(modules: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    if (entry.name.startsWith("@")) {
      count += (await readdir(join(modules, entry.name))).length;
    } else {
      count++;
      const nested = join(modules, entry.name, "node_modules");
      if (existsSync(nested)) count += await countPackages(nested);
    }
  }
  return count;
}
