import { describe, expect, it } from "vitest";
import { identityEntry, providerPackagesLoadedBy } from "./provider-packages-loaded";

/** The provider packages a fresh process has loaded after importing `file` (a source entry of identity). */
async function loadedByImporting(file: string): Promise<string[]> {
  return (await providerPackagesLoadedBy(`await import(${JSON.stringify(identityEntry(file))});`)).packages;
}

describe("importing @azfed/identity", () => {
  it("loads no provider package (DefaultFederatedCredential imports the one it selects)", async () => {
    expect(await loadedByImporting("index")).toEqual([]);
  }, 60_000);

  it("/github loads @azfed/github and no other provider package", async () => {
    expect(await loadedByImporting("github")).toEqual(["github"]);
  }, 60_000);
});
