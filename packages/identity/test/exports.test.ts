import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as identity from "../src/index";

const REEXPORTED = {
  core: () => import("@azfed/core"),
  "azure-pipelines": () => import("@azfed/azure-pipelines"),
  github: () => import("@azfed/github"),
  gitlab: () => import("@azfed/gitlab"),
  kubernetes: () => import("@azfed/kubernetes"),
  gcp: () => import("@azfed/gcp"),
  "managed-identity": () => import("@azfed/managed-identity"),
};

/** The type-only names a package's index.ts exports (`type X` in a list, or `export type { ... }`). */
function typeExports(folder: string): string[] {
  const source = readFileSync(new URL(`../../${folder}/src/index.ts`, import.meta.url), "utf8");
  const names: string[] = [];
  for (const match of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from/g)) {
    for (const part of (match[2] ?? "").split(",")) {
      const name = part.trim();
      if (match[1] && name) names.push(name.replace(/^type\s+/, ""));
      else if (name.startsWith("type ")) names.push(name.slice(5).trim());
    }
  }
  return names;
}

describe("@azfed/identity re-exports", () => {
  for (const [folder, load] of Object.entries(REEXPORTED)) {
    it(`every value exported by @azfed/${folder}`, async () => {
      const module = (await load()) as Record<string, unknown>;
      const missing = Object.keys(module).filter((name) => !(name in identity));
      expect(missing).toEqual([]);
      for (const name of Object.keys(module)) {
        expect((identity as Record<string, unknown>)[name], name).toBe(module[name]);
      }
    });

    it(`every type exported by @azfed/${folder}`, () => {
      const index = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");
      const missing = typeExports(folder).filter((name) => !new RegExp(`\\btype ${name}\\b`).test(index));
      expect(missing).toEqual([]);
    });
  }

  it("DefaultFederatedCredential and its helpers", () => {
    expect(typeof identity.DefaultFederatedCredential).toBe("function");
    expect(typeof identity.defaultProviders).toBe("function");
    expect(typeof identity.selectProvider).toBe("function");
  });
});
