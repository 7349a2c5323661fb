import { startGitHubActionsEmulator, startGitLabJob } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { runAzfed } from "./run-azfed";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ORGANIZATION_ID = "c1b7c6a4-9d4f-4e8a-8b55-3f9e9f3b2a10";
const CONNECTION_ID = "0f5e2b0c-6a5e-4d6b-9a6a-2a4f6c1f7e11";

describe("azfed subject", () => {
  it.each([
    [["github", "--repository", "contoso/app", "--branch", "main"], "repo:contoso/app:ref:refs/heads/main"],
    [["github", "--repository", "contoso/app", "--tag", "v1.2.0"], "repo:contoso/app:ref:refs/tags/v1.2.0"],
    [
      ["github", "--repository", "contoso/app", "--environment", "production"],
      "repo:contoso/app:environment:production",
    ],
    [["github", "--repository", "contoso/app", "--pull-request"], "repo:contoso/app:pull_request"],
    [
      [
        "github-actions",
        "--repository",
        "contoso/app",
        "--branch",
        "main",
        "--owner-id",
        "1234",
        "--repository-id",
        "5678",
      ],
      "repo:contoso@1234/app@5678:ref:refs/heads/main",
    ],
    [
      [
        "github",
        "--repository",
        "contoso/app",
        "--environment",
        "prod",
        "--claim-keys",
        "repo,context,job_workflow_ref",
        "--claims",
        "job_workflow_ref=contoso/ci/.github/workflows/deploy.yml@refs/heads/main",
      ],
      "repo:contoso/app:environment:prod:job_workflow_ref:contoso/ci/.github/workflows/deploy.yml@refs/heads/main",
    ],
    [
      ["gitlab", "--project-path", "contoso/platform/app", "--branch", "main"],
      "project_path:contoso/platform/app:ref_type:branch:ref:main",
    ],
    [
      ["gitlab", "--project-path", "contoso/app", "--tag", "v2"],
      "project_path:contoso/app:ref_type:tag:ref:v2",
    ],
    [
      [
        "gitlab",
        "--project-path",
        "contoso/app",
        "--branch",
        "main",
        "--components",
        "project_path,ref_type",
      ],
      "project_path:contoso/app:ref_type:branch",
    ],
    [["gitlab", "--project-id", "4242", "--branch", "main"], "project_id:4242:ref_type:branch:ref:main"],
    [
      [
        "gitlab",
        "--project-path",
        "contoso/app",
        "--project-id",
        "4242",
        "--tag",
        "v2",
        "--components",
        "project_id,ref_type,ref",
      ],
      "project_id:4242:ref_type:tag:ref:v2",
    ],
    [
      [
        "azure-pipelines",
        "--organization",
        "contoso",
        "--project",
        "web",
        "--service-connection",
        "prod-arm",
      ],
      "sc://contoso/web/prod-arm",
    ],
    [
      [
        "azure-pipelines",
        "--issuer-format",
        "entra",
        "--tenant-id",
        TENANT,
        "--organization-id",
        ORGANIZATION_ID,
        "--service-connection-id",
        CONNECTION_ID,
      ],
      `/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/${ORGANIZATION_ID}/${CONNECTION_ID}`,
    ],
    [["kubernetes", "--namespace", "apps", "--service-account", "api"], "system:serviceaccount:apps:api"],
    [["gcp", "--unique-id", "112233445566778899001"], "112233445566778899001"],
  ])("azfed subject %j", async (args, expected) => {
    const run = await runAzfed(["subject", ...args]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${expected}\n`);
  });

  it("prints { platform, subject } with --json", async () => {
    const run = await runAzfed([
      "subject",
      "kubernetes",
      "--namespace",
      "apps",
      "--service-account",
      "api",
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      platform: "kubernetes",
      subject: "system:serviceaccount:apps:api",
    });
  });

  it("equals the sub the emulated GitHub Actions puts in its token, including a ':' in an environment name", async () => {
    const github = await startGitHubActionsEmulator({
      job: {
        repository: "Contoso/Web.App",
        environment: "prod:eu",
        eventName: "push",
        ref: "refs/heads/main",
      },
    });
    try {
      const run = await runAzfed([
        "subject",
        "github",
        "--repository",
        "Contoso/Web.App",
        "--environment",
        "prod:eu",
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(github.subject);
      expect(github.subject).toContain("prod%3Aeu");
    } finally {
      await github.close();
    }
  });

  it("equals the sub of the emulated GitLab job's token", async () => {
    const job = await startGitLabJob({ projectPath: "contoso/platform/web", tag: "v1.0.0" });
    try {
      const run = await runAzfed([
        "subject",
        "gitlab",
        "--project-path",
        "contoso/platform/web",
        "--tag",
        "v1.0.0",
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(job.subject);
    } finally {
      await job.close();
    }
  });

  describe("usage errors exit 2 with the library's message and the flag to change", () => {
    it("a missing required flag says it is required, and never shows undefined", async () => {
      const run = await runAzfed(["subject", "github", "--branch", "main"]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(
        'azfed: error: --repository is required: expected a repository as "owner/repo"',
      );
      expect(run.stderr).not.toContain("undefined");
    });

    it("a missing choice among several flags names them all", async () => {
      const run = await runAzfed(["subject", "github", "--repository", "contoso/app"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "azfed: error: one of --environment, --branch, --tag, --pull-request is required",
      );
    });

    it("two contexts where GitHub's subject names one", async () => {
      const run = await runAzfed([
        "subject",
        "github",
        "--repository",
        "contoso/app",
        "--branch",
        "main",
        "--tag",
        "v1",
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--branch, --tag|--tag, --branch/);
    });

    it("owner/repo without a slash", async () => {
      const run = await runAzfed(["subject", "github", "--repository", "contoso", "--branch", "main"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('"contoso"');
      expect(run.stderr).toContain("--repository");
    });

    it("surrounding whitespace, which is never trimmed", async () => {
      const run = await runAzfed([
        "subject",
        "kubernetes",
        "--namespace",
        " apps",
        "--service-account",
        "api",
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--namespace");
    });

    it("a GCP email instead of the unique id", async () => {
      const run = await runAzfed([
        "subject",
        "gcp",
        "--unique-id",
        "deployer@contoso.iam.gserviceaccount.com",
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("numeric unique ID");
      expect(run.stderr).toContain("--unique-id");
    });

    it("Azure Pipelines flags of both issuer formats at once", async () => {
      const run = await runAzfed([
        "subject",
        "azure-pipelines",
        "--organization",
        "contoso",
        "--service-connection-id",
        CONNECTION_ID,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--issuer-format entra or --issuer-format legacy");
    });

    it("a bad --claim pair", async () => {
      const run = await runAzfed(["subject", "github", "--repository", "contoso/app", "--claims", "novalue"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("expected key=value");
    });
  });
});
