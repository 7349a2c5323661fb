import type { EnvironmentSignal } from "./environment-signal";
import { isHttpsOrigin, type Platform } from "./platform";

/**
 * GitHub Actions: `token.actions.githubusercontent.com` (an enterprise's tokens carry its slug in the
 * path), GHE.com's `token.actions.{subdomain}.ghe.com`, GitHub Enterprise Server's `/_services/token`;
 * subjects `repo:{owner}/{repo}:{context}`.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07: "Supported issuer URLs: `https://token.actions.githubusercontent.com`";
 *   "a flexible federated identity credential must match the `sub` claim and one or both of the
 *   following immutable claims: `repository_id` … `repository_owner_id`"; `sub` and
 *   `job_workflow_ref` support `eq` and `matches`, the two ids `eq`)
 */
export const GITHUB_ACTIONS_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "github-actions",
  label: "GitHub Actions",
  // GITHUB_ACTIONS: "Always set to `true` when GitHub Actions is running the workflow"
  // (github/docs content/actions/reference/workflows-and-actions/variables.md, commit 159bd1b02c0465b685f397f3f667fc20cfdf3f67,
  // checked 2026-12-07). The runner sets ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN for a job with
  // `id-token: write` (https://docs.github.com/en/actions/reference/security/oidc): both set also
  // show a job whose variables were passed into a container without GITHUB_ACTIONS.
  environmentSignal: {
    find: (env) =>
      env.GITHUB_ACTIONS === "true"
        ? "GITHUB_ACTIONS"
        : env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
          ? "ACTIONS_ID_TOKEN_REQUEST_URL"
          : undefined,
    absent:
      'Not running in GitHub Actions: GITHUB_ACTIONS is not "true", and ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not both set.',
  },
  credentialNamePrefix: "github",
  subjectPrefix: /^repo:/,
  issued: (issuer) =>
    issuer.host === "token.actions.githubusercontent.com" ||
    /^token\.actions\.[^.]+\.ghe\.com$/.test(issuer.host) ||
    issuer.path.replace(/(?<!\/)\/+$/, "").endsWith("/_services/token"),
  issuersWithoutTrailingSlash: ["https://token.actions.githubusercontent.com"],
  flexible: {
    // Not an enterprise's slug issuer, GHE.com or GitHub Enterprise Server: the page lists one issuer.
    issuerSupported: (issuer) =>
      isHttpsOrigin(issuer) && issuer.host === "token.actions.githubusercontent.com",
    issuers:
      "https://token.actions.githubusercontent.com (not an enterprise's slug issuer, GHE.com or GitHub Enterprise Server)",
    claims: {
      sub: ["eq", "matches"],
      job_workflow_ref: ["eq", "matches"],
      repository_id: ["eq"],
      repository_owner_id: ["eq"],
    },
    requiresOneOf: ["repository_id", "repository_owner_id"],
    requiredClaimsFix:
      "add e.g. and claims['repository_id'] eq '<the repository's numeric id>' (GitHub's REST API: GET /repos/{owner}/{repo}, field id)",
  },
  subjectShapeWarning(subject) {
    const message = subjectAdvice(subject);
    return message ? { rule: "github-subject-shape", message } : undefined;
  },
  subjectDifference(presented, expected) {
    const token = subjectKind(presented);
    const credential = subjectKind(expected);
    if (!token || !credential) return undefined;
    if (token.immutable !== credential.immutable) {
      return token.immutable
        ? "the token uses GitHub's immutable subject (repo:owner@ownerId/repo@repoId:...); the credential does not"
        : "the credential uses GitHub's immutable subject (owner@ownerId/repo@repoId); the token does not";
    }
    if (token.kind !== credential.kind) {
      return `the token is for ${token.kind}, the credential for ${credential.kind}${token.kind.startsWith("branch") && credential.kind.startsWith("environment") ? " (only a job that declares `environment:` gets an environment subject)" : ""}`;
    }
    if (token.repository !== credential.repository) {
      return `different repository: the token is from ${token.repository}, the credential is for ${credential.repository}`;
    }
    return undefined;
  },
  issuerCauses(issuer) {
    return issuer.host === "token.actions.githubusercontent.com" && issuer.path.length > 1
      ? [
          "The token carries a GitHub Enterprise issuer with the enterprise slug; credentials written for https://token.actions.githubusercontent.com do not match it.",
        ]
      : [];
  },
  subjectCauses(subject) {
    const causes: string[] = [];
    if (/^repo:[^:]*@\d+/.test(subject)) {
      causes.push(
        "The repository uses GitHub's immutable subjects (repo:{owner}@{ownerId}/{repo}@{repoId}:...); credentials written with plain names do not match.",
      );
    }
    if (subject.includes(":ref:refs/heads/")) {
      causes.push(
        "The token names a branch. If the credential is for an environment, the job must declare `environment:`; only then does GitHub put the environment in the subject.",
      );
    } else if (subject.includes(":environment:")) {
      causes.push(
        "The token names an environment: a job that declares `environment:` gets the environment subject, not the branch or pull-request one.",
      );
    } else if (subject.endsWith(":pull_request")) {
      causes.push(
        "The token is from a pull request run: its subject is repo:{owner}/{repo}:pull_request, not the branch.",
      );
    }
    return causes;
  },
};

function subjectAdvice(subject: string): string | undefined {
  const ref = subject.match(/:ref:([^:]*)/)?.[1];
  if (ref !== undefined && !ref.startsWith("refs/")) {
    return `GitHub writes a branch as ref:refs/heads/{branch} and a tag as ref:refs/tags/{tag}. Fix: use ${JSON.stringify(subject.replace(`:ref:${ref}`, `:ref:refs/heads/${ref}`))} for a branch`;
  }
  if (/:(branch|tag):/.test(subject)) {
    return "GitHub's subject has no branch: or tag: key; a branch is ref:refs/heads/{branch}, a tag ref:refs/tags/{tag}. Fix: compare it with the `sub` of a real token";
  }
  if (/:(pull-request|pullrequest|pr)(:|$)/i.test(subject) || /:pull_request:/.test(subject)) {
    return "GitHub's pull request subject ends with :pull_request, with nothing after it. Fix: use repo:{owner}/{repo}:pull_request";
  }
  if (/:environment:?$/.test(subject)) {
    return "the environment name is missing. Fix: use repo:{owner}/{repo}:environment:{name}";
  }
  if (subject.startsWith("repo:") && !/^repo:[^:/]+\/[^:/]+(:|$)/.test(subject)) {
    return "GitHub subjects start with repo:{owner}/{repo}. Fix: name both the owner and the repository";
  }
  return undefined;
}

function subjectKind(subject: string): { repository: string; immutable: boolean; kind: string } | undefined {
  const match = subject.match(/^repo:([^:]+):(.*)$/);
  if (!match) return undefined;
  const repository = match[1] ?? "";
  const rest = match[2] ?? "";
  const kind = rest.startsWith("environment:")
    ? `environment ${rest.slice("environment:".length).split(":")[0]}`
    : rest.startsWith("ref:refs/heads/")
      ? `branch ${rest.slice("ref:refs/heads/".length).split(":")[0]}`
      : rest.startsWith("ref:refs/tags/")
        ? `tag ${rest.slice("ref:refs/tags/".length).split(":")[0]}`
        : rest.startsWith("pull_request")
          ? "pull requests"
          : rest;
  return { repository, immutable: /@\d+\//.test(repository) || /@\d+$/.test(repository), kind };
}
