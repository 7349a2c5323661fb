import {
  type GitHubFederatedCredentialOptions,
  type GitHubSubjectOptions,
  githubFederatedCredential,
  githubSubject,
  readGitHubSubjectSettings,
  withGitHubSubjectSettings,
} from "@azfed/identity";
import { Option } from "commander";
import type { CliIo } from "../cli-io";
import { UsageError } from "../usage-error";
import type { CliPlatform, PlatformOptionValues } from "./cli-platform";
import { keyValueOption, listOption } from "./option-parsers";

/**
 * GitHub Actions for `azfed subject github` and `azfed fic github` (builders from `@azfed/github`).
 *
 * @example
 * ```ts
 * githubPlatform.subject({ repository: "contoso/app", environment: "production" });
 * // "repo:contoso/app:environment:production"
 * ```
 */
export const githubPlatform: CliPlatform = {
  name: "github",
  aliases: ["github-actions"],
  provider: "github-actions",
  title: "GitHub Actions",
  subjectOptions: () => [
    new Option("--repository <owner/repo>", "the repository, e.g. contoso/app"),
    new Option("--environment <name>", "the environment the job declares (environment: production)"),
    new Option("--branch <name>", "the branch, without refs/heads/"),
    new Option("--tag <name>", "the tag, without refs/tags/"),
    new Option("--pull-request", "jobs of pull_request workflows"),
    new Option(
      "--owner-id <id>",
      "the owner's numeric id, for the immutable subject form (GITHUB_REPOSITORY_OWNER_ID)",
    ),
    new Option(
      "--repository-id <id>",
      "the repository's numeric id, for the immutable subject form (GITHUB_REPOSITORY_ID)",
    ),
    listOption(
      "--claim-keys <keys>",
      "a customised subject: the ordered include_claim_keys, comma-separated, e.g. repo,context,job_workflow_ref",
    ),
    keyValueOption(
      "--claims <key=value>",
      "the value of a claim named in --claim-keys, as key=value; repeat for each",
    ),
    new Option(
      "--from-github",
      "ask GitHub's REST API for the repository's ids and OIDC subject settings (immutable form, customised template); token from GH_TOKEN or GITHUB_TOKEN",
    ),
    new Option(
      "--api-url <url>",
      "GitHub's REST API for --from-github (default GITHUB_API_URL, else https://api.github.com)",
    ),
  ],
  credentialOptions: () => [
    new Option("--issuer <url>", "the token issuer (default https://token.actions.githubusercontent.com)"),
    new Option(
      "--enterprise-slug <slug>",
      "an enterprise with its own issuer: https://token.actions.githubusercontent.com/{slug}",
    ),
    new Option("--ghes-host <host>", "GitHub Enterprise Server: issuer https://{host}/_services/token"),
    new Option(
      "--ghe-data-residency-subdomain <name>",
      "GHE.com: issuer https://token.actions.{name}.ghe.com",
    ),
  ],
  resolveValues: fromGitHub,
  subject: (values) => githubSubject(values as unknown as GitHubSubjectOptions),
  federatedCredential: (values) =>
    githubFederatedCredential(values as unknown as GitHubFederatedCredentialOptions),
  flexible: {
    extraClaims: [
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
    "azfed fic github --repository 'contoso/*' --environment production --flexible --format graph",
    "azfed fic github --repository contoso/app --branch main --ghes-host github.contoso.com",
    "azfed fic github --repository contoso/app --environment production --from-github --format az --app 00000000-0000-0000-0000-000000000000",
  ],
};

/**
 * `--from-github`: reads the repository's ids and OIDC customisation from GitHub's REST API and fills
 * in what decides the subject (the canonical names, the ids when the repository uses the immutable
 * form, the customised template unless `--claim-keys` gives one). The token comes from `GH_TOKEN` or
 * `GITHUB_TOKEN` and goes only to the API.
 */
async function fromGitHub(
  values: PlatformOptionValues,
  io: CliIo,
): Promise<{ readonly values: PlatformOptionValues; readonly notes: readonly string[] }> {
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
  const settings = await readGitHubSubjectSettings(rest.repository as string, {
    token,
    apiUrl: (apiUrl as string | undefined) ?? (io.env.GITHUB_API_URL || undefined),
    dispatcher: io.dispatcher,
  });
  const custom = settings.customization;
  return {
    values: withGitHubSubjectSettings(
      rest as unknown as GitHubSubjectOptions,
      settings,
    ) as unknown as PlatformOptionValues,
    notes: [
      `GitHub says ${settings.repository} ${settings.immutable ? "uses immutable subjects" : "uses name-only subjects"}${custom.use_default ? "" : " with a customised template"}.`,
      ...(settings.caveat ? [settings.caveat] : []),
    ],
  };
}
