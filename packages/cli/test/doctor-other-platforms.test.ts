import { describe, expect, it, vi } from "vitest";
import {
  ca,
  devops,
  EXCHANGE_AUDIENCE,
  entra,
  entraConnection,
  ficFile,
  gcpMetadata,
  github,
  gitlabJob,
  inGitHubJob,
  kubernetesFile,
  matchingClientId,
  tenantId,
  useDoctorPlatforms,
} from "./doctor-platforms";
import { runAzfed } from "./run-azfed";

useDoctorPlatforms();

describe("azfed doctor on the other platforms", () => {
  it("GitLab CI: project_path, ref_type and ref; a missing trailing slash on the issuer is called out", async () => {
    const fics = ficFile("gitlab.json", [
      {
        name: "api-main",
        issuer: `${gitlabJob.instanceUrl}/`,
        subject: gitlabJob.subject,
        audiences: [EXCHANGE_AUDIENCE],
      },
    ]);
    const run = await runAzfed(["doctor", "--fic", fics], {
      ca,
      env: { ...gitlabJob.env },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Platform {2}gitlab \(detected: /);
    expect(run.stdout).toMatch(/project_path +contoso\/platform\/api\n/);
    expect(run.stdout).toMatch(/ref_type +branch\n/);
    expect(run.stdout).toMatch(/sub +project_path:contoso\/platform\/api:ref_type:branch:ref:main\n/);
    expect(run.stdout).toContain("trailing slash");
  });

  it("Kubernetes: namespace and service account from the projected token; exchange with the webhook's variables", async () => {
    entra.addApplication({
      clientId: kubernetesFile.clientId,
      tenantId,
      kind: "managedIdentity",
      federatedCredentials: [
        {
          name: "apps-api",
          issuer: kubernetesFile.issuer,
          subject: kubernetesFile.subject,
          audiences: [EXCHANGE_AUDIENCE],
        },
      ],
    });
    const run = await runAzfed(["doctor", "--exchange", "--scope", "https://storage.azure.com/.default"], {
      ca,
      env: kubernetesFile.env(),
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Platform {2}kubernetes \(detected: /);
    expect(run.stdout).toMatch(/sub +system:serviceaccount:apps:api\n/);
    expect(run.stdout).toMatch(/kubernetes\.io\.namespace +apps\n/);
    expect(run.stdout).toMatch(/kubernetes\.io\.serviceaccount\.name +api\n/);
    expect(run.stdout).toContain("✓ Entra issued an access token");
  });

  it("Azure Pipelines: the FIC `azfed fic` writes for the service connection is the one Entra matches", async () => {
    const fic = await runAzfed([
      "fic",
      "azure-pipelines",
      "--tenant-id",
      tenantId,
      "--organization-id",
      devops.organizationId,
      "--service-connection-id",
      entraConnection.id,
      // The emulated issuer stands in for https://login.microsoftonline.com/{tenant}/v2.0.
      "--issuer",
      devops.issuerOf(entraConnection.id),
    ]);
    expect(fic.code).toBe(0);
    const credential = JSON.parse(fic.stdout);
    expect(credential.subject).toBe(devops.subjectOf(entraConnection.id));
    entra.addApplication({
      clientId: entraConnection.clientId,
      tenantId,
      federatedCredentials: [credential],
    });

    const run = await runAzfed(["doctor", "--exchange"], {
      ca,
      env: { ...devops.env({ serviceConnectionId: entraConnection.id }), AZURE_AUTHORITY_HOST: entra.url },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Platform {2}azure-pipelines \(detected: /);
    expect(run.stdout).toMatch(new RegExp(`sub +${devops.subjectOf(entraConnection.id)}\n`));
    expect(run.stdout).toContain("✓ Entra issued an access token");
  });

  it("Azure Pipelines without SYSTEM_ACCESSTOKEN mapped: the platform's reason, exit 1", async () => {
    const run = await runAzfed(["doctor"], {
      ca,
      env: devops.env({ serviceConnectionId: entraConnection.id, mapAccessToken: false }),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("SYSTEM_ACCESSTOKEN");
  });

  it("Google Cloud: the metadata server's identity token and its email", async () => {
    const run = await runAzfed(["doctor", "--json"], {
      ca,
      env: gcpMetadata.env(),
    });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.platform).toMatchObject({ provider: "gcp", detected: true });
    expect(report.claims).toMatchObject({
      sub: gcpMetadata.serviceAccount.uniqueId,
      email: gcpMetadata.serviceAccount.email,
    });
    expect(report.audience).toBe(EXCHANGE_AUDIENCE);
  });

  it("--provider skips detection and names what is missing when that platform is absent", async () => {
    const run = await runAzfed(["doctor", "--provider", "kubernetes"], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("no platform detected");
    expect(run.stdout).toMatch(/kubernetes: .*AZURE_FEDERATED_TOKEN_FILE/);
  });

  it("no platform at all: exits 1 and gives every provider's reason, whatever the test process's environment", async () => {
    // The command sees only the environment it is given: a GitHub job in process.env changes nothing.
    for (const [name, value] of Object.entries(inGitHubJob(matchingClientId).env ?? {}))
      vi.stubEnv(name, value);
    const run = await runAzfed(["doctor", "--json"], { env: {} }).finally(() => vi.unstubAllEnvs());
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.platform.detected).toBe(false);
    expect(report.platform.reports.map((entry: { provider: string }) => entry.provider)).toEqual([
      "azure-pipelines",
      "github-actions",
      "gitlab",
      "terraform",
      "buildkite",
      "bitbucket-pipelines",
      "circleci",
      "kubernetes",
      "spiffe",
      "spacelift",
      "gcp",
    ]);
    for (const entry of report.platform.reports) expect(entry.reason.length).toBeGreaterThan(10);
  });

  it("a GitHub job without `permissions: id-token: write` gets GitHub's reason", async () => {
    const run = await runAzfed(["doctor"], { env: github.env({ idTokenPermission: false }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/github-actions: .*id-token: write/);
  });
});
