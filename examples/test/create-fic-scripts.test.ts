import { readFile } from "node:fs/promises";
import {
  azurePipelinesFederatedCredential,
  type FederatedIdentityCredential,
  gcpFederatedCredential,
  githubFederatedCredential,
  gitlabFederatedCredential,
  kubernetesFederatedCredential,
  managedIdentityFederatedCredential,
} from "@azfed/identity";
import { describe, expect, it } from "vitest";

// Each example's create-fic.sh writes its credential out by hand, so a reader sees the `az` command
// whole. These tests hold those hand-written credentials to what azfed's builders produce.

const ORGANIZATION_ID = "8f2f3e4a-6b7c-4d8e-9f00-112233445566";
const UNIQUE_ID = "123456789012345678901";
const PRINCIPAL_ID = "bbbbbbbb-0000-4000-8000-000000000002";
const HOME_TENANT_ID = "cccccccc-0000-4000-8000-000000000003";
const ISSUER =
  "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";

async function script(platform: string): Promise<string> {
  return readFile(new URL(`../${platform}/create-fic.sh`, import.meta.url), "utf8");
}

/** The JSON after `--parameters`, shell quoting undone and `$VARIABLES` replaced by `values`. */
function parametersJson(text: string, values: Readonly<Record<string, string>>): FederatedIdentityCredential {
  const match = /--parameters\s+(?:'([^']*)'|"((?:[^"\\]|\\.)*)")/.exec(text);
  if (!match) throw new Error("no --parameters '…' in the script");
  const [, singleQuoted, doubleQuoted] = match;
  const unquoted = singleQuoted ?? (doubleQuoted ?? "").replace(/\\(.)/g, "$1");
  const substituted = unquoted.replace(/\$([A-Z_]+)/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the script uses $${name}, which the test does not set`);
    return value;
  });
  return JSON.parse(substituted) as FederatedIdentityCredential;
}

/** The value of `--flag value` in the script's `az … federated-credential create` command. */
function flag(text: string, name: string): string | undefined {
  const command = text.slice(text.indexOf("federated-credential create"));
  return new RegExp(`--${name} (\\S+)`).exec(command)?.[1];
}

describe("the examples' create-fic.sh scripts create what azfed's builders build", () => {
  it("github-actions", async () => {
    expect(parametersJson(await script("github-actions"), {})).toEqual(
      githubFederatedCredential({ repository: "contoso/app", branch: "main" }),
    );
  });

  it("gitlab", async () => {
    expect(parametersJson(await script("gitlab"), {})).toEqual(
      gitlabFederatedCredential({ projectPath: "contoso/app", branch: "main" }),
    );
  });

  it("azure-pipelines (legacy issuer)", async () => {
    expect(parametersJson(await script("azure-pipelines"), { ORGANIZATION_ID })).toEqual(
      azurePipelinesFederatedCredential({
        format: "legacy",
        organization: "contoso",
        project: "app",
        serviceConnection: "contoso-storage",
        organizationId: ORGANIZATION_ID,
      }),
    );
  });

  it("managed-identity (on the app registration, the identity's principal id as subject)", async () => {
    expect(parametersJson(await script("managed-identity"), { PRINCIPAL_ID, HOME_TENANT_ID })).toEqual(
      managedIdentityFederatedCredential({
        principalId: PRINCIPAL_ID,
        tenantId: HOME_TENANT_ID,
        name: "saas-worker",
      }),
    );
  });

  it("gcp", async () => {
    expect(parametersJson(await script("gcp"), { UNIQUE_ID })).toEqual(
      gcpFederatedCredential({ uniqueId: UNIQUE_ID }),
    );
  });

  it("kubernetes", async () => {
    const text = await script("kubernetes");
    const built = kubernetesFederatedCredential({
      issuer: ISSUER,
      namespace: "default",
      serviceAccount: "azfed-example",
    });
    expect({
      name: flag(text, "name"),
      subject: flag(text, "subject"),
      audiences: [flag(text, "audiences")],
    }).toEqual({ name: built.name, subject: built.subject, audiences: built.audiences });
  });
});
