import { buildkiteFederatedCredential } from "@azfed/buildkite";
import { jenkinsFederatedCredential, spaceliftFederatedCredential } from "@azfed/oidc-token";
import { spiffeFederatedCredential } from "@azfed/spiffe";
import { describe, expect, it } from "vitest";
import { azurePipelinesFederatedCredential } from "../src/azure-pipelines";
import { gcpFederatedCredential } from "../src/gcp";
import { githubFederatedCredential } from "../src/github";
import { gitlabFederatedCredential } from "../src/gitlab";
import {
  type FederatedIdentityCredential,
  federatedCredentialFromClaims,
  federatedCredentialName,
  InvalidInputError,
} from "../src/index";
import { kubernetesFederatedCredential } from "../src/kubernetes";
import { managedIdentityFederatedCredential } from "../src/managed-identity";

const AKS =
  "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";

/** One credential from every provider's builder, each going through core's assembleFederatedCredential. */
const built: readonly [string, () => FederatedIdentityCredential][] = [
  ["github", () => githubFederatedCredential({ repository: "contoso/app", environment: "prod" })],
  [
    "github immutable",
    () =>
      githubFederatedCredential({ repository: "contoso/app", ownerId: 12, repositoryId: 34, branch: "main" }),
  ],
  ["gitlab", () => gitlabFederatedCredential({ projectPath: "contoso/platform/web", branch: "main" })],
  ["gitlab tag", () => gitlabFederatedCredential({ projectPath: "contoso/web", tag: "v1.2.0" })],
  [
    "gitlab long",
    () => gitlabFederatedCredential({ projectPath: `contoso/${"w".repeat(150)}`, branch: "main" }),
  ],
  [
    "azure-pipelines legacy",
    () =>
      azurePipelinesFederatedCredential({
        format: "legacy",
        organization: "contoso",
        organizationId: "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01",
        project: "Web Platform",
        serviceConnection: "prod subscription",
      }),
  ],
  [
    "azure-pipelines entra",
    () =>
      azurePipelinesFederatedCredential({
        format: "entra",
        tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        organizationId: "7e3c3b0c-3d2a-4b55-9d0e-2f1a6c5b8e01",
        serviceConnectionId: "0C6B9A0E-8F3E-4A4D-9B53-1C2D3E4F5A6B",
      }),
  ],
  [
    "kubernetes",
    () => kubernetesFederatedCredential({ issuer: AKS, namespace: "payments", serviceAccount: "api" }),
  ],
  [
    "kubernetes dotted",
    () => kubernetesFederatedCredential({ issuer: AKS, namespace: "payments", serviceAccount: "my.sa" }),
  ],
  ["gcp", () => gcpFederatedCredential({ uniqueId: "113562183298765432101" })],
  ["buildkite", () => buildkiteFederatedCredential({ pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983" })],
  [
    "spiffe",
    () =>
      spiffeFederatedCredential({
        issuer: "https://oidc.contoso.com",
        spiffeId: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
      }),
  ],
  [
    "spacelift",
    () =>
      spaceliftFederatedCredential({
        account: "demo",
        spaceId: "root",
        stack: "infra",
        runType: "TRACKED",
        scope: "write",
      }),
  ],
  [
    "jenkins",
    () => jenkinsFederatedCredential({ jenkinsUrl: "https://jenkins.example.com/", job: "payments/api" }),
  ],
  [
    "managed-identity",
    () =>
      managedIdentityFederatedCredential({
        principalId: "bbbbbbbb-0000-0000-0000-000000000002",
        tenantId: "cccccccc-0000-0000-0000-000000000003",
      }),
  ],
];

describe("every <platform>FederatedCredential builder and the diagnosis name a credential alike", () => {
  it.each(built)(
    "%s: the builder's name is core's federatedCredentialName of its issuer and subject",
    (_, build) => {
      const fic = build();
      const claims = { iss: fic.issuer, sub: fic.subject ?? "" };
      expect(fic.name).toBe(federatedCredentialName(claims));
      expect(federatedCredentialFromClaims({ ...claims, aud: fic.audiences[0] ?? "" }).name).toBe(fic.name);
    },
  );

  it("keeps a dotted and a dashed Kubernetes service account apart, and the long GitLab name within 120", () => {
    const dotted = kubernetesFederatedCredential({ issuer: AKS, namespace: "ns", serviceAccount: "my.sa" });
    const dashed = kubernetesFederatedCredential({ issuer: AKS, namespace: "ns", serviceAccount: "my-sa" });
    expect(dotted.name).not.toBe(dashed.name);
    const long = gitlabFederatedCredential({ projectPath: `contoso/${"w".repeat(150)}`, branch: "main" });
    expect(long.name.length).toBe(120);
  });
});

describe("every builder checks a given description (three did not)", () => {
  const tooLong = "d".repeat(601);
  it.each([
    [
      "kubernetes",
      () =>
        kubernetesFederatedCredential({
          issuer: AKS,
          namespace: "a",
          serviceAccount: "b",
          description: tooLong,
        }),
    ],
    ["gcp", () => gcpFederatedCredential({ uniqueId: "1", description: tooLong })],
    [
      "managed-identity",
      () =>
        managedIdentityFederatedCredential({
          principalId: "bbbbbbbb-0000-0000-0000-000000000002",
          tenantId: "cccccccc-0000-0000-0000-000000000003",
          description: "line\nbreak",
        }),
    ],
    ["github", () => githubFederatedCredential({ repository: "c/a", branch: "m", description: tooLong })],
  ])("%s refuses a description Entra would not store, naming the field", (_, build) => {
    let error: unknown;
    try {
      build();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("description");
  });

  it("accepts a description of exactly 600 characters", () => {
    expect(gcpFederatedCredential({ uniqueId: "1", description: "d".repeat(600) }).description).toHaveLength(
      600,
    );
  });
});
