import type { FederatedCredentialChoices, FederatedIdentityCredential } from "@azfed/core";
import { assembleFederatedCredential, requireHttpsIssuer } from "@azfed/core/provider";
import { BUILDKITE_ISSUER } from "./buildkite-issuer";
import { type BuildkiteSubjectOptions, buildkiteSubject } from "./buildkite-subject";

/**
 * What {@link buildkiteFederatedCredential} needs: the pipeline's UUID, and optionally the audience,
 * a name and a description.
 *
 * @example
 * ```ts
 * const options: BuildkiteFederatedCredentialOptions = { pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983" };
 * ```
 */
export interface BuildkiteFederatedCredentialOptions
  extends BuildkiteSubjectOptions,
    FederatedCredentialChoices {
  /**
   * The issuer. Default `https://agent.buildkite.com`, the one issuer of Buildkite's job tokens;
   * override it only for a test issuer (such as `@azfed/testing`'s agent emulator).
   */
  readonly issuer?: string | undefined;
}

/**
 * The federated identity credential that lets the jobs of one Buildkite pipeline exchange tokens
 * asked for with `subject_claim: "pipeline_id"` (what {@link buildkite} asks for by default; in a
 * shell step: `buildkite-agent oidc request-token --audience api://AzureADTokenExchange
 * --subject-claim pipeline_id`). One credential per pipeline: every build, branch and step of the
 * pipeline matches it, so keep deployments in a pipeline of their own.
 *
 * @example
 * ```ts
 * const fic = buildkiteFederatedCredential({ pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983" });
 * // { name: "buildkite-d18439cc-df59-45b0-97cc-98d7fb69d983", issuer: "https://agent.buildkite.com",
 * //   subject: "d18439cc-df59-45b0-97cc-98d7fb69d983", audiences: ["api://AzureADTokenExchange"], description: ... }
 * ```
 */
export function buildkiteFederatedCredential(
  options: BuildkiteFederatedCredentialOptions,
): FederatedIdentityCredential {
  const subject = buildkiteSubject(options);
  const issuer = requireHttpsIssuer("issuer", options.issuer ?? BUILDKITE_ISSUER, {
    expected: "Buildkite's issuer, https://agent.buildkite.com",
    fix: "leave issuer out to use https://agent.buildkite.com",
  });
  return assembleFederatedCredential(
    { platform: "buildkite", issuer, subject, summary: `Buildkite pipeline ${subject}` },
    options,
  );
}
