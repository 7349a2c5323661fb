// `azfed subject|fic github --from-github`: the subject GitHub's REST API says the repository's tokens
// carry, against the GitHub REST emulator (HTTPS on 127.0.0.1); the token is never printed.
import { type GitHubRestApiEmulator, startGitHubRestApiEmulator } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAzfed } from "./run-azfed";

let api: GitHubRestApiEmulator;
const env = () => ({ GH_TOKEN: api.token, GITHUB_API_URL: api.url });

beforeAll(async () => {
  api = await startGitHubRestApiEmulator({
    repositories: [
      { fullName: "contoso/legacy", ownerId: 1001, repositoryId: 2002 },
      {
        fullName: "Contoso/NewApp",
        ownerId: 1001,
        repositoryId: 3003,
        immutable: true,
        useImmutableSubject: false,
      },
      {
        fullName: "contoso/templated",
        ownerId: 1001,
        repositoryId: 5005,
        useDefault: false,
        includeClaimKeys: ["repository_owner_id", "repository_id", "context"],
      },
    ],
  });
});
afterAll(async () => {
  await api?.close();
});

describe("azfed subject github --from-github", () => {
  it.each([
    [["--repository", "contoso/legacy", "--branch", "main"], "repo:contoso/legacy:ref:refs/heads/main"],
    [
      ["--repository", "contoso/newapp", "--environment", "prod"],
      "repo:Contoso@1001/NewApp@3003:environment:prod",
    ],
    [
      ["--repository", "contoso/templated", "--pull-request"],
      "repository_owner_id:1001:repository_id:5005:pull_request",
    ],
  ])("%j prints %s and says what GitHub answered", async (flags, subject) => {
    const run = await runAzfed(["subject", "github", ...flags, "--from-github"], { env: env(), ca: api.ca });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(subject);
    expect(run.stderr).toMatch(/GitHub says/);
    expect(run.stdout + run.stderr).not.toContain(api.token);
  });

  it("builds the FIC on the immutable subject with azfed fic github --from-github", async () => {
    const run = await runAzfed(
      [
        "fic",
        "github",
        "--repository",
        "contoso/newapp",
        "--branch",
        "main",
        "--from-github",
        "--format",
        "json",
      ],
      { env: { GITHUB_TOKEN: api.token, GITHUB_API_URL: api.url }, ca: api.ca },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).subject).toBe("repo:Contoso@1001/NewApp@3003:ref:refs/heads/main");
  });

  it("takes the API from --api-url over GITHUB_API_URL", async () => {
    const run = await runAzfed(
      [
        "subject",
        "github",
        "--repository",
        "contoso/legacy",
        "--branch",
        "main",
        "--from-github",
        "--api-url",
        api.url,
      ],
      { env: { GH_TOKEN: api.token, GITHUB_API_URL: "https://127.0.0.1:9" }, ca: api.ca },
    );
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("repo:contoso/legacy:ref:refs/heads/main");
  });

  it("fails without a token, and with a refused one, never printing it", async () => {
    const missing = await runAzfed(
      ["subject", "github", "--repository", "contoso/legacy", "--branch", "main", "--from-github"],
      { env: { GITHUB_API_URL: api.url }, ca: api.ca },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/GH_TOKEN or GITHUB_TOKEN/);
    const wrong = "ghp_wrongwrongwrongwrongwrongwrongwrong";
    const refused = await runAzfed(
      ["subject", "github", "--repository", "contoso/legacy", "--branch", "main", "--from-github"],
      { env: { GH_TOKEN: wrong, GITHUB_API_URL: api.url }, ca: api.ca },
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/401/);
    expect(refused.stdout + refused.stderr).not.toContain(wrong);
    const unknown = await runAzfed(
      ["subject", "github", "--repository", "contoso/missing", "--branch", "main", "--from-github"],
      { env: env(), ca: api.ca },
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/404/);
    expect(unknown.stdout + unknown.stderr).not.toContain(api.token);
  });

  it("refuses --owner-id with --from-github, and --api-url without it", async () => {
    const both = await runAzfed(
      [
        "subject",
        "github",
        "--repository",
        "contoso/legacy",
        "--branch",
        "main",
        "--from-github",
        "--owner-id",
        "1",
      ],
      { env: env(), ca: api.ca },
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--owner-id/);
    const alone = await runAzfed(
      ["subject", "github", "--repository", "contoso/legacy", "--branch", "main", "--api-url", api.url],
      { env: env(), ca: api.ca },
    );
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--api-url only applies with --from-github/);
  });
});
