import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { awsFederatedCredential } from "@azfed/aws";
import { buildkiteFederatedCredential } from "@azfed/buildkite";
import type { FederatedIdentityCredential } from "@azfed/identity";
import { azurePipelinesFederatedCredential } from "@azfed/identity/azure-pipelines";
import { gcpFederatedCredential } from "@azfed/identity/gcp";
import { githubFederatedCredential } from "@azfed/identity/github";
import { gitlabFederatedCredential } from "@azfed/identity/gitlab";
import { kubernetesFederatedCredential } from "@azfed/identity/kubernetes";
import { managedIdentityFederatedCredential } from "@azfed/identity/managed-identity";
import { jenkinsFederatedCredential, spaceliftFederatedCredential } from "@azfed/oidc-token";
import { spiffeFederatedCredential } from "@azfed/spiffe";
import { terraformFederatedCredential } from "@azfed/terraform";
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

  it("aws (the account's issuer and the role's ARN, read by the script)", async () => {
    const ISSUER_URL = "https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws";
    const ROLE_ARN = "arn:aws:iam::123456789012:role/azfed-example";
    const built = awsFederatedCredential({ issuer: ISSUER_URL, roleArn: ROLE_ARN });
    // The script derives the name with tr, as the builder does: its own line, run here.
    const text = await script("aws");
    const nameLine = /^NAME=.*$/m.exec(text)?.[0] ?? "";
    const name = spawnSync("sh", ["-c", `${nameLine}; echo "$NAME"`], {
      encoding: "utf8",
      env: { ...process.env, ROLE_ARN },
    }).stdout.trim();
    expect(name).toBe(built.name);
    expect(parametersJson(text, { NAME: name, ISSUER_URL, ROLE_ARN })).toEqual(built);
  });

  it("spacelift (one credential per run type and scope, written by a shell function)", async () => {
    const text = await script("spacelift");
    for (const [RUN_TYPE, SCOPE] of [
      ["TRACKED", "write"],
      ["PROPOSED", "read"],
    ] as const) {
      const values = {
        ACCOUNT: "demo",
        SPACE_ID: "root",
        STACK_ID: "infra",
        RUN: RUN_TYPE.toLowerCase(),
        RUN_TYPE,
        SCOPE,
      };
      expect(parametersJson(text, values)).toEqual(
        spaceliftFederatedCredential({
          account: "demo",
          spaceId: "root",
          stack: "infra",
          runType: RUN_TYPE,
          scope: SCOPE,
        }),
      );
    }
    expect(text).toContain("create_fic TRACKED read");
  });

  it("jenkins (the job's URL and name derived by the script's own lines, run here)", async () => {
    const text = await script("jenkins");
    const lines = ["JENKINS_URL=", "case ", "ISSUER=", "JOB_URL=", "NAME="]
      .map((start) => text.split("\n").find((line) => line.startsWith(start)) ?? "")
      .join("\n");
    const out = spawnSync("sh", ["-c", `${lines}\necho "$ISSUER|$JOB_URL|$NAME"`], {
      encoding: "utf8",
      env: { ...process.env, JENKINS_URL: "https://jenkins.example.com", JOB: "payments/api" },
    }).stdout.trim();
    const [ISSUER = "", JOB_URL = "", NAME = ""] = out.split("|");
    expect(parametersJson(text, { ISSUER, JOB_URL, NAME })).toEqual(
      jenkinsFederatedCredential({ jenkinsUrl: "https://jenkins.example.com/", job: "payments/api" }),
    );
  });

  it("buildkite (the pipeline's UUID as subject)", async () => {
    const PIPELINE_ID = "d18439cc-df59-45b0-97cc-98d7fb69d983";
    expect(parametersJson(await script("buildkite"), { PIPELINE_ID })).toEqual(
      buildkiteFederatedCredential({ pipelineId: PIPELINE_ID }),
    );
  });

  it("spiffe (the name derived with tr, as the builder does)", async () => {
    const text = await script("spiffe");
    const ISSUER_URL = "https://oidc-discovery.example.org";
    for (const SPIFFE_ID of [
      "spiffe://example.org/ns/payments/sa/api",
      "spiffe://prod.example.org/eu-west/api-Worker_2",
    ]) {
      const built = spiffeFederatedCredential({ issuer: ISSUER_URL, spiffeId: SPIFFE_ID });
      const nameLine = /^NAME=.*$/m.exec(text)?.[0] ?? "";
      const name = spawnSync("sh", ["-c", `${nameLine}; echo "$NAME"`], {
        encoding: "utf8",
        env: { ...process.env, SPIFFE_ID },
      }).stdout.trim();
      expect(name).toBe(built.name);
      expect(parametersJson(text, { NAME: name, ISSUER_URL, SPIFFE_ID })).toEqual(built);
    }
  });

  it("terraform (one credential per run phase; the name derived with tr, as the builder does)", async () => {
    const text = await script("terraform");
    const workspace = { organization: "contoso", project: "Default Project", workspace: "networking-prod" };
    const values = {
      TFC_ORGANIZATION: "contoso",
      TFC_PROJECT: "Default Project",
      TFC_WORKSPACE: "networking-prod",
    };
    const nameLine = /^\s*NAME=.*$/m.exec(text)?.[0].trim() ?? "";
    for (const runPhase of ["plan", "apply"] as const) {
      const built = terraformFederatedCredential({ ...workspace, runPhase });
      const name = spawnSync("sh", ["-c", `${nameLine}; echo "$NAME"`], {
        encoding: "utf8",
        env: { ...process.env, ...values, PHASE: runPhase },
      }).stdout.trim();
      expect(name).toBe(built.name);
      expect(
        parametersJson(text, { ...values, NAME: name, PHASE: runPhase, TFC_HOST: "app.terraform.io" }),
      ).toEqual(built);
    }
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

describe("the examples' create-fic.sh scripts do the whole Azure side", () => {
  const APP_PLATFORMS = [
    "github-actions",
    "gitlab",
    "azure-pipelines",
    "gcp",
    "aws",
    "terraform",
    "spacelift",
    "jenkins",
    "buildkite",
    "spiffe",
  ];

  it.each([...APP_PLATFORMS, "kubernetes", "managed-identity"])(
    "%s parses as a shell script with sh -n and with bash -n (bash reads quotes in ${VAR:?…} more strictly)",
    async (platform) => {
      const path = fileURLToPath(new URL(`../${platform}/create-fic.sh`, import.meta.url));
      for (const shell of ["sh", "bash"]) {
        const { status, stderr } = spawnSync(shell, ["-n", path], { encoding: "utf8" });
        expect(stderr, shell).toBe("");
        expect(status, shell).toBe(0);
      }
    },
  );

  it.each(APP_PLATFORMS)(
    "%s creates the app registration when APP_ID is not set, then its service principal and role",
    async (platform) => {
      const text = await script(platform);
      expect(text).not.toContain("${APP_ID:?");
      expect(text).toMatch(
        /if \[ -z "\$\{APP_ID:-\}" \]; then\n\s+APP_ID="\$\(az ad app create --display-name \S+ --query appId --output tsv\)"/,
      );
      expect(text).toMatch(/az ad sp create --id "\$APP_ID" --query id --output tsv/);
      // By object id with the principal type: a role assignment by app id fails until the new service
      // principal has replicated.
      // @see https://learn.microsoft.com/azure/role-based-access-control/role-assignments-cli
      expect(text).toMatch(
        /az role assignment create --assignee-object-id "\$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal/,
      );
      // The app exists before its credential is created.
      expect(text.indexOf("az ad app create")).toBeLessThan(text.indexOf("federated-credential create"));
    },
  );

  it("managed-identity provisions the app in the customer's tenant and assigns its role by the service principal's object id", async () => {
    const text = await script("managed-identity");
    expect(text).toMatch(/az ad sp create --id "\$APP_ID" --query id --output tsv/);
    expect(text).toContain(
      'az role assignment create --assignee-object-id "$APP_SP_OBJECT_ID" --assignee-principal-type ServicePrincipal',
    );
    // The service principal is created (in the customer's tenant) before its role is assigned.
    expect(text.indexOf("az ad sp create")).toBeLessThan(text.indexOf("az role assignment create"));
  });

  it("kubernetes creates the managed identity when it does not exist, and assigns its role by object id", async () => {
    const text = await script("kubernetes");
    expect(text).toMatch(
      /az identity show [^\n]*\|\|\n\s+az identity create --resource-group "\$RESOURCE_GROUP" --name "\$IDENTITY"/,
    );
    expect(text.indexOf("az identity create")).toBeLessThan(text.indexOf("federated-credential create"));
    expect(text).toContain('--assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal');
  });
});
