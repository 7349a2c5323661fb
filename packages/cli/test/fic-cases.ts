import { expect } from "vitest";
import { runAzfed } from "./run-azfed";

export const APP_ID = "11111111-2222-3333-4444-555555555555";
export const AKS_ISSUER =
  "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/9c2f2a1e-0000-4c2b-a1b2-3c4d5e6f7a8b/";
export const GITHUB_MAIN = ["github", "--repository", "contoso/app", "--branch", "main"];

export async function ficJson(args: readonly string[]) {
  const run = await runAzfed(["fic", ...args, "--format", "json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}
