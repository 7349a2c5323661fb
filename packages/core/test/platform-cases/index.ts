import type { IssuerPlatform } from "../../src/platform/platform";
import { AWS_CASES } from "./aws";
import { AZURE_PIPELINES_CASES } from "./azure-pipelines";
import { BITBUCKET_PIPELINES_CASES } from "./bitbucket-pipelines";
import { BUILDKITE_CASES } from "./buildkite";
import { CIRCLECI_CASES } from "./circleci";
import { GCP_CASES } from "./gcp";
import { GITHUB_ACTIONS_CASES } from "./github-actions";
import { GITLAB_CASES } from "./gitlab";
import { JENKINS_CASES } from "./jenkins";
import { KUBERNETES_CASES } from "./kubernetes";
import { MANAGED_IDENTITY_CASES } from "./managed-identity";
import type { PlatformCases } from "./platform-cases";
import { SPACELIFT_CASES } from "./spacelift";
import { SPIFFE_CASES } from "./spiffe";
import { TERRAFORM_CASES } from "./terraform";

export { EXCHANGE, NOW, type PlatformCases } from "./platform-cases";

/** Every entry of core's platform table with its cases: a new platform does not compile without a row. */
export const PLATFORM_CASES: Readonly<Record<IssuerPlatform, PlatformCases>> = {
  "github-actions": GITHUB_ACTIONS_CASES,
  gitlab: GITLAB_CASES,
  "azure-pipelines": AZURE_PIPELINES_CASES,
  kubernetes: KUBERNETES_CASES,
  gcp: GCP_CASES,
  terraform: TERRAFORM_CASES,
  buildkite: BUILDKITE_CASES,
  aws: AWS_CASES,
  spacelift: SPACELIFT_CASES,
  "managed-identity": MANAGED_IDENTITY_CASES,
  "bitbucket-pipelines": BITBUCKET_PIPELINES_CASES,
  circleci: CIRCLECI_CASES,
  spiffe: SPIFFE_CASES,
  jenkins: JENKINS_CASES,
};
