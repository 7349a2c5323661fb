import {
  type GitHubFederatedCredentialOptions,
  githubFederatedCredential,
  githubSubject,
  readGitHubSubjectSettings,
  withGitHubSubjectSettings,
} from "@azfed/identity/github";
import type { CliIo } from "../cli-io";
import { UsageError } from "../usage-error";
import { definePlatform } from "./define-platform";
import { keyValueFlag, listFlag, switchFlag, textFlag } from "./platform-flags";

// The builder's options and the flags of `--from-github`, which resolveValues consumes.
type GitHubCliOptions = GitHubFederatedCredentialOptions & {
  readonly fromGithub?: boolean | undefined;
  readonly apiUrl?: string | undefined;
};

/**
 * GitHub Actions for `azfed subject github` and `azfed fic github` (builders from `@azfed/github`).
 *
 * @example
 * ```ts
 * githubPlatform.subject({ repository: "contoso/app", environment: "production" });
 * // "repo:contoso/app:environment:production"
 * ```
 */
export const githubPlatform = definePlatform<GitHubCliOptions>({
  name: "github",
  aliases: ["github-actions"],
  provider: "github-actions",
  title: "GitHub Actions",
  subjectFlags: {
    repository: textFlag("<owner/repo>", "the repository, e.g. contoso/app"),
    environment: textFlag("<name>", "the environment the job declares (environment: production)"),
    branch: textFlag("<name>", "the branch, without refs/heads/"),
    tag: textFlag("<name>", "the tag, without refs/tags/"),
    pullRequest: switchFlag("jobs of pull_request workflows"),
    ownerId: textFlag(
      "<id>",
      "the owner's numeric id, for the immutable subject form (GITHUB_REPOSITORY_OWNER_ID)",
    ),
    repositoryId: textFlag(
      "<id>",
      "the repository's numeric id, for the immutable subject form (GITHUB_REPOSITORY_ID)",
    ),
    claimKeys: listFlag(
      "<keys>",
      "a customised subject: the ordered include_claim_keys, comma-separated, e.g. repo,context,job_workflow_ref",
    ),
    claims: keyValueFlag(
      "<key=value>",
      "the value of a claim named in --claim-keys, as key=value; repeat for each",
    ),
    fromGithub: switchFlag(
      "ask GitHub's REST API for the repository's ids and OIDC subject settings (immutable form, customised template); token from GH_TOKEN or GITHUB_TOKEN",
    ),
    apiUrl: textFlag(
      "<url>",
      "GitHub's REST API for --from-github (default GITHUB_API_URL, else https://api.github.com)",
    ),
  },
  credentialFlags: {
    issuer: textFlag("<url>", "the token issuer (default https://token.actions.githubusercontent.com)"),
    enterpriseSlug: textFlag(
      "<slug>",
      "an enterprise with its own issuer: https://token.actions.githubusercontent.com/{slug}",
    ),
    ghesHost: textFlag("<host>", "GitHub Enterprise Server: issuer https://{host}/_services/token"),
    gheDataResidencySubdomain: textFlag("<name>", "GHE.com: issuer https://token.actions.{name}.ghe.com"),
  },
  resolveValues: fromGitHub,
  subject: githubSubject,
  federatedCredential: githubFederatedCredential,
  // Entra evaluates a GitHub expression only when it compares sub and repository_id or
  // repository_owner_id (eq): entra-docs workload-identities-flexible-federated-identity-credentials.md,
  // ms.date 08/14/2026, checked 2026-12-07.
  flexible: {
    extraClaims: [
      {
        claim: "repository_id",
        flags: "--require-repository-id <id>",
        description:
          "with --flexible: require the repository's numeric id (claims['repository_id'] eq); a GitHub expression needs this or --require-owner-id (gh api repos/{owner}/{repo} --jq .id)",
      },
      {
        claim: "repository_owner_id",
        flags: "--require-owner-id <id>",
        description:
          "with --flexible: require the owner's numeric id (claims['repository_owner_id'] eq), e.g. for every repository of an organisation (gh api orgs/{org} --jq .id)",
      },
      {
        claim: "job_workflow_ref",
        flags: "--job-workflow-ref <pattern>",
        description:
          "with --flexible: also require job_workflow_ref to match, e.g. 'contoso/ci/.github/workflows/*.yml@refs/heads/main'",
      },
    ],
  },
  subjectExamples: [
    "azfed subject github --repository contoso/app --branch main",
    "azfed subject github --repository contoso/app --environment production",
    "azfed subject github --repository contoso/app --pull-request",
    "azfed subject github --repository contoso/app --tag v1.2.0 --owner-id 1234 --repository-id 5678",
    "azfed subject github --repository contoso/app --environment production --from-github",
    "azfed subject github --repository contoso/app --environment prod --claim-keys repo,context,job_workflow_ref --claims job_workflow_ref=contoso/ci/.github/workflows/deploy.yml@refs/heads/main",
  ],
  credentialExamples: [
    "azfed fic github --repository contoso/app --environment production --format az --app 00000000-0000-0000-0000-000000000000",
    "azfed fic github --repository contoso/app --branch main --format terraform --identity deployer --resource-group rg-app",
    "azfed fic github --repository 'contoso/*' --environment production --flexible --require-owner-id 5544123 --format graph",
    "azfed fic github --repository contoso/app --branch main --ghes-host github.contoso.com",
    "azfed fic github --repository contoso/app --environment production --from-github --format az --app 00000000-0000-0000-0000-000000000000",
  ],
});

/**
 * `--from-github`: reads the repository's ids and OIDC customisation from GitHub's REST API and fills
 * in what decides the subject (the canonical names, the ids when the repository uses the immutable
 * form, the customised template unless `--claim-keys` gives one). The token comes from `GH_TOKEN` or
 * `GITHUB_TOKEN` and goes only to the API.
 */
async function fromGitHub(
  values: Partial<GitHubCliOptions>,
  io: CliIo,
): Promise<{ readonly values: Partial<GitHubCliOptions>; readonly notes: readonly string[] }> {
  const { fromGithub, apiUrl, ...rest } = values;
  if (fromGithub !== true) {
    if (apiUrl !== undefined) throw new UsageError("--api-url only applies with --from-github; add it");
    return { values: rest, notes: [] };
  }
  if (rest.ownerId !== undefined || rest.repositoryId !== undefined) {
    throw new UsageError(
      "--from-github reads the ids from GitHub; leave out --owner-id and --repository-id, or leave out --from-github",
    );
  }
  const token = io.env.GH_TOKEN || io.env.GITHUB_TOKEN;
  if (!token) {
    throw new UsageError(
      "--from-github needs a token that can read the repository in GH_TOKEN or GITHUB_TOKEN. Fix: export GH_TOKEN=$(gh auth token)",
    );
  }
  const { repository } = rest;
  if (repository === undefined) {
    throw new UsageError(
      "--from-github reads the repository named by --repository; add --repository owner/repo",
    );
  }
  const settings = await readGitHubSubjectSettings(repository, {
    token,
    apiUrl: apiUrl ?? (io.env.GITHUB_API_URL || undefined),
    dispatcher: io.dispatcher,
  });
  const custom = settings.customization;
  return {
    values: { ...rest, ...withGitHubSubjectSettings({ ...rest, repository }, settings) },
    notes: [
      `GitHub says ${settings.repository} ${settings.immutable ? "uses immutable subjects" : "uses name-only subjects"}${custom.use_default ? "" : " with a customised template"}.`,
      ...(settings.caveat ? [settings.caveat] : []),
    ],
  };
}
