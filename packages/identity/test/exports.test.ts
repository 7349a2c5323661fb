import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as identity from "../src/index";

/**
 * Each provider package identity depends on, re-exported whole by its subpath (`@azfed/identity/github`
 * is `src/github.ts`), with the runtime modules of both.
 */
const SUBPATHS = {
  "azure-pipelines": [() => import("@azfed/azure-pipelines"), () => import("../src/azure-pipelines")],
  github: [() => import("@azfed/github"), () => import("../src/github")],
  gitlab: [() => import("@azfed/gitlab"), () => import("../src/gitlab")],
  kubernetes: [() => import("@azfed/kubernetes"), () => import("../src/kubernetes")],
  gcp: [() => import("@azfed/gcp"), () => import("../src/gcp")],
  "managed-identity": [() => import("@azfed/managed-identity"), () => import("../src/managed-identity")],
} as const;

/**
 * What identity exports from its own files, checked in: a change to its public API is a change to
 * this list, made on purpose and seen in review.
 */
const IDENTITY_OWN = {
  values: [
    "DEFAULT_PROVIDER_NAMES",
    "DefaultFederatedCredential",
    "defaultProviders",
    "findProvider",
    "NAMED_ONLY_PROVIDER_NAMES",
    "namedOnlyProviders",
    "selectProvider",
  ],
  types: [
    "DefaultFederatedCredentialOptions",
    "DefaultFederatedCredentialSelection",
    "DefaultProviderName",
    "DetectionReport",
    "ProviderSearch",
    "ProviderSelection",
    "SelectProviderOptions",
    "SharedProviderOptions",
  ],
};

interface ExportedNames {
  /** Names with a runtime value: functions, classes, constants. */
  readonly values: string[];
  /** Type-only names (`type X` in an export list). */
  readonly types: string[];
  /** Of those, the ones exported from the package's own files (a relative module specifier). */
  readonly own: { readonly values: string[]; readonly types: string[] };
}

/**
 * The names a package's `src/<file>.ts` (an entry: `index` or a subpath) exports, read from its syntax
 * tree. Anything but export lists (`export *`, an exported declaration) fails: each entry lists every
 * name, so the API shows in one place.
 */
function exportsOf(folder: string, file = "index"): ExportedNames {
  const path = new URL(`../../${folder}/src/${file}.ts`, import.meta.url);
  const source = ts.createSourceFile(path.pathname, readFileSync(path, "utf8"), ts.ScriptTarget.Latest);
  const names: ExportedNames = { values: [], types: [], own: { values: [], types: [] } };
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause === undefined || !ts.isNamedExports(clause)) {
        throw new Error(`${folder}/src/${file}.ts: \`export *\` hides the API; list the names`);
      }
      const from = statement.moduleSpecifier;
      const own = from !== undefined && ts.isStringLiteral(from) && from.text.startsWith(".");
      for (const element of clause.elements) {
        const kind = statement.isTypeOnly || element.isTypeOnly ? "types" : "values";
        names[kind].push(element.name.text);
        if (own) names.own[kind].push(element.name.text);
      }
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some(isExportKeyword)) {
      throw new Error(
        `${folder}/src/${file}.ts: declare exports in their own file and list them in the index`,
      );
    }
  }
  return names;
}

function isExportKeyword(modifier: ts.ModifierLike): boolean {
  return modifier.kind === ts.SyntaxKind.ExportKeyword;
}

const sorted = (names: readonly string[]): string[] => [...names].sort();

describe("@azfed/identity's exports", () => {
  const exported = exportsOf("identity");

  it("of its own are the checked list", () => {
    expect({ values: sorted(exported.own.values), types: sorted(exported.own.types) }).toEqual({
      values: sorted(IDENTITY_OWN.values),
      types: sorted(IDENTITY_OWN.types),
    });
  });

  it("at runtime are exactly the values its index lists", () => {
    expect(sorted(Object.keys(identity))).toEqual(sorted(exported.values));
  });

  it("include every value and type of @azfed/core, the values being the same objects", async () => {
    const core = exportsOf("core");
    const module = (await import("@azfed/core")) as Record<string, unknown>;
    expect(sorted(Object.keys(module)), "@azfed/core at runtime").toEqual(sorted(core.values));
    expect(core.values.filter((name) => !exported.values.includes(name))).toEqual([]);
    expect(core.types.filter((name) => !exported.types.includes(name))).toEqual([]);
    for (const name of core.values)
      expect((identity as Record<string, unknown>)[name], name).toBe(module[name]);
  });

  it("are only its own and core's: no provider package's names in the main entry", () => {
    const core = exportsOf("core");
    const expected = {
      values: [...IDENTITY_OWN.values, ...core.values],
      types: [...IDENTITY_OWN.types, ...core.types],
    };
    expect({ values: sorted(exported.values), types: sorted(exported.types) }).toEqual({
      values: sorted(expected.values),
      types: sorted(expected.types),
    });
  });

  for (const [folder, [loadPackage, loadSubpath]] of Object.entries(SUBPATHS)) {
    it(`@azfed/identity/${folder} is every value and type of @azfed/${folder}, the values being the same objects`, async () => {
      const theirs = exportsOf(folder);
      const subpath = exportsOf("identity", folder);
      const module = (await loadPackage()) as Record<string, unknown>;
      const reexport = (await loadSubpath()) as Record<string, unknown>;
      expect(sorted(Object.keys(module)), `@azfed/${folder} at runtime`).toEqual(sorted(theirs.values));
      expect({ values: sorted(subpath.values), types: sorted(subpath.types) }).toEqual({
        values: sorted(theirs.values),
        types: sorted(theirs.types),
      });
      expect(sorted(Object.keys(reexport))).toEqual(sorted(theirs.values));
      for (const name of theirs.values) expect(reexport[name], name).toBe(module[name]);
    });
  }
});
