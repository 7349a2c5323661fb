import { AWS_PLATFORM } from "./aws-platform";
import { AZURE_PIPELINES_PLATFORM } from "./azure-pipelines-platform";
import { BITBUCKET_PIPELINES_PLATFORM } from "./bitbucket-pipelines-platform";
import { BUILDKITE_PLATFORM } from "./buildkite-platform";
import { CIRCLECI_PLATFORM } from "./circleci-platform";
import { GCP_PLATFORM } from "./gcp-platform";
import { GITHUB_ACTIONS_PLATFORM } from "./github-actions-platform";
import { GITLAB_PLATFORM } from "./gitlab-platform";
import { KUBERNETES_PLATFORM } from "./kubernetes-platform";
import { MANAGED_IDENTITY_PLATFORM } from "./managed-identity-platform";
import type { ParsedIssuer, Platform } from "./platform";
import { SPIFFE_PLATFORM } from "./spiffe-platform";
import { TERRAFORM_PLATFORM } from "./terraform-platform";

/**
 * Every platform core knows, in the order a token is recognised (the first whose `issued` says yes):
 * an issuer that names its platform comes before a subject that does.
 */
export const PLATFORMS: readonly Platform[] = [
  GITHUB_ACTIONS_PLATFORM,
  GITLAB_PLATFORM,
  AZURE_PIPELINES_PLATFORM,
  KUBERNETES_PLATFORM,
  GCP_PLATFORM,
  TERRAFORM_PLATFORM,
  BUILDKITE_PLATFORM,
  AWS_PLATFORM,
  MANAGED_IDENTITY_PLATFORM,
  BITBUCKET_PIPELINES_PLATFORM,
  CIRCLECI_PLATFORM,
  SPIFFE_PLATFORM,
];

/** The platform that issued a token with this issuer and subject, or `undefined`. */
export function platformOf(issuer: string, subject?: string): Platform | undefined {
  const parsed = parseIssuer(issuer);
  return PLATFORMS.find((platform) => platform.issued(parsed, subject));
}

/** The issuer split once for every platform's recognition. */
export function parseIssuer(issuer: string): ParsedIssuer {
  const text = issuer.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  return { text, host: url?.hostname.toLowerCase() ?? "", path: url?.pathname ?? "" };
}
