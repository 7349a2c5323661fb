import {
  type FederatedCredentialChoices,
  type FederatedIdentityCredential,
  InvalidInputError,
} from "@azfed/core";
import { assembleFederatedCredential, requireHttpsIssuer } from "@azfed/core/provider";
import { type GitHubIssuerOptions, githubIssuer } from "./github-issuer";
import { resolveGitHubSubject } from "./github-subject";
import type { GitHubSubjectContext } from "./github-subject-context";
import type { GitHubSubjectOptions } from "./github-subject-options";

/**
 * Everything a GitHub Actions federated identity credential is built from: the subject options, where
 * the workflows run (or an explicit issuer), the audience, and optionally a name and a description.
 *
 * @example
 * ```ts
 * const options: GitHubFederatedCredentialOptions = {
 *   repository: "contoso/webapp",
 *   environment: "production",
 *   ghesHost: "github.contoso.com",
 * };
 * ```
 */
export interface GitHubFederatedCredentialOptions
  extends GitHubSubjectOptions,
    GitHubIssuerOptions,
    FederatedCredentialChoices {
  /**
   * The issuer, when it is none of those {@link githubIssuer} builds (e.g. a test emulator's). Not
   * together with `enterpriseSlug`, `ghesHost` or `gheDataResidencySubdomain`.
   */
  readonly issuer?: string | undefined;
}

/**
 * A complete federated identity credential for GitHub Actions jobs: the subject of
 * {@link githubSubject}, the issuer of {@link githubIssuer} (or the one given); core's
 * `assembleFederatedCredential` adds the audience, the name (derived from the subject, e.g.
 * `github-contoso-webapp-ref-refs-heads-main`) and the description (default: a sentence naming the
 * repository and context). Create it with `az ad app federated-credential create` or Microsoft Graph.
 *
 * @example
 * ```ts
 * const fic = githubFederatedCredential({ repository: "contoso/webapp", environment: "production" });
 * // {
 * //   name: "github-contoso-webapp-environment-production",
 * //   issuer: "https://token.actions.githubusercontent.com",
 * //   subject: "repo:contoso/webapp:environment:production",
 * //   audiences: ["api://AzureADTokenExchange"],
 * //   description: "GitHub Actions: contoso/webapp, environment production",
 * // }
 * ```
 */
export function githubFederatedCredential(
  options: GitHubFederatedCredentialOptions,
): FederatedIdentityCredential {
  const resolved = resolveGitHubSubject(options);
  const issuer = resolveIssuer(options);
  if (resolved.immutable && options.ghesHost !== undefined) {
    throw new InvalidInputError({
      field: "ownerId",
      value: options.ownerId,
      expected:
        "no ownerId and repositoryId with ghesHost: GitHub Enterprise Server has no immutable subject form",
      fix: "remove ownerId and repositoryId for the repo:{owner}/{repo}:… form GHES issues",
    });
  }
  const customised = resolved.claimKeys.join(",") !== "repo,context";
  const context = describeContext(resolved.context);
  const summary = [
    `GitHub Actions: ${resolved.repository.owner}/${resolved.repository.name}`,
    ...(context ? [context] : []),
    ...(resolved.immutable ? ["immutable subject"] : []),
    ...(customised ? [`custom subject template (${resolved.claimKeys.join(", ")})`] : []),
  ].join(", ");
  return assembleFederatedCredential(
    { platform: "github-actions", issuer, subject: resolved.subject, summary },
    options,
  );
}

function resolveIssuer(options: GitHubFederatedCredentialOptions): string {
  if (options.issuer === undefined) return githubIssuer(options);
  const given = ["enterpriseSlug", "ghesHost", "gheDataResidencySubdomain"].filter(
    (field) => options[field as keyof GitHubIssuerOptions] !== undefined,
  );
  if (given.length > 0) {
    throw new InvalidInputError({
      field: "issuer",
      value: options.issuer,
      expected: `either issuer or ${given.join(" and ")}, not both`,
      fix: `remove issuer to have it built from ${given.join(" and ")}, or remove ${given.join(" and ")}`,
    });
  }
  return requireHttpsIssuer("issuer", options.issuer, {
    fix: "copy the iss claim of a token, or leave issuer out to use GitHub's",
  });
}

function describeContext(context: GitHubSubjectContext | undefined): string | undefined {
  switch (context?.kind) {
    case undefined:
      return undefined;
    case "environment":
      return `environment ${context.name}`;
    case "pull_request":
      return "pull requests";
    case "branch":
      return `branch ${context.name}`;
    case "tag":
      return `tag ${context.name}`;
  }
}
