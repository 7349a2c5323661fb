import type { EnvironmentSignal } from "./environment-signal";
import type { Platform } from "./platform";

/** `{UUID}` as Bitbucket writes its ids, braces included. */
const BRACED_UUID = "\\{[0-9a-fA-F-]{36}\\}";
/** A step token's `sub`: `{repository}:{step}`, or `{repository}:{deployment environment}:{step}`. */
const BITBUCKET_SUBJECT = new RegExp(`^${BRACED_UUID}(:${BRACED_UUID}){1,2}$`);
/** `https://api.bitbucket.org/2.0/workspaces/{workspace}/pipelines-config/identity/oidc`. */
const BITBUCKET_ISSUER_PATH = /^\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc\/?$/;

/**
 * Why Entra cannot match a Bitbucket Pipelines token, and what to do instead.
 *
 * @see https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
 *   (version: as served; checked 2026-12-07: `oidc: true` on a step, `$BITBUCKET_STEP_OIDC_TOKEN`,
 *   "Identity provider URL" per workspace)
 * @see https://github.com/gravitational/teleport/pull/48724 (version: as served; checked 2026-12-07:
 *   quotes Atlassian's sample claims `"sub": "{1de489be-…}:{bd715740-…}:{759de0c6-…}"`, `"stepUuid":
 *   "{759de0c6-…}"`: the step's UUID ends the subject)
 * @see packages/testing/conformance/bitbucket-pipelines.json (the cited cases, run by core/test/conformance-unmatchable.test.ts)
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (version: ms.date 08/14/2026; checked 2026-12-07: flexible credentials for GitHub, GitLab and
 *   Terraform Cloud issuers only)
 * @example
 * ```ts
 * import { BITBUCKET_PIPELINES_UNMATCHABLE } from "@azfed/core/provider";
 *
 * console.error(`this is Bitbucket Pipelines: ${BITBUCKET_PIPELINES_UNMATCHABLE}`);
 * ```
 */
export const BITBUCKET_PIPELINES_UNMATCHABLE =
  "Entra cannot match a Bitbucket Pipelines token: its sub ends with the step's UUID ({repository uuid}:[{deployment environment uuid}:]{step uuid}), new for every run, so no fixed federated credential matches twice, and Entra offers no flexible credential (a pattern on sub) for Bitbucket's issuer. Instead: run the step on a self-hosted runner in Azure with a managed identity (AZFED_PROVIDER=managed-identity), exchange the token at a broker you run that checks its repositoryUuid and deployment claims, or keep a client secret or certificate in a secured variable";

/**
 * Bitbucket Pipelines: issuer `https://api.bitbucket.org/2.0/workspaces/{workspace}/pipelines-config/identity/oidc`,
 * subject `{repository uuid}:[{deployment environment uuid}:]{step uuid}`. Recognised so that the
 * validator, the diagnosis and `azfed doctor` say why no federated credential can match its tokens
 * ({@link BITBUCKET_PIPELINES_UNMATCHABLE}); azfed has no provider for it.
 */
export const BITBUCKET_PIPELINES_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "bitbucket-pipelines",
  label: "Bitbucket Pipelines",
  // BITBUCKET_BUILD_NUMBER in every step ("The unique identifier for a build";
  // https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/, version: as served,
  // checked 2026-12-07), BITBUCKET_STEP_OIDC_TOKEN in a step with `oidc: true`
  // (https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/,
  // version: as served, checked 2026-12-07).
  environmentSignal: {
    find: (env) =>
      env.BITBUCKET_STEP_OIDC_TOKEN
        ? "BITBUCKET_STEP_OIDC_TOKEN"
        : env.BITBUCKET_BUILD_NUMBER
          ? "BITBUCKET_BUILD_NUMBER"
          : undefined,
    absent: "BITBUCKET_BUILD_NUMBER is not set: not a Bitbucket Pipelines step",
  },
  credentialNamePrefix: "bitbucket",
  subjectPrefix: /^$/,
  issued: (issuer, subject) =>
    (issuer.host === "api.bitbucket.org" && BITBUCKET_ISSUER_PATH.test(issuer.path)) ||
    (subject !== undefined && BITBUCKET_SUBJECT.test(subject)),
  subjectShapeWarning: () => ({ rule: "unmatchable-platform", message: BITBUCKET_PIPELINES_UNMATCHABLE }),
  issuerCauses: () => [BITBUCKET_PIPELINES_UNMATCHABLE],
  subjectCauses: () => [BITBUCKET_PIPELINES_UNMATCHABLE],
};
