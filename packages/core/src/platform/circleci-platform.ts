import type { EnvironmentSignal } from "./environment-signal";
import type { Platform } from "./platform";

/** `https://oidc.circleci.com/org/{organization id}`. */
const CIRCLECI_ISSUER_PATH = /^\/org\/[0-9a-fA-F-]{36}\/?$/;
/** `org/{organization id}/project/{project id}/user/{user id}[/vcs-origin/…/vcs-ref/…]`. */
const CIRCLECI_SUBJECT = /^org\/[0-9a-fA-F-]{36}\/project\/[0-9a-fA-F-]{36}\/user\/[0-9a-fA-F-]{36}(\/|$)/;

/**
 * Why Entra cannot usefully match a CircleCI token, and what to do instead.
 *
 * @see https://github.com/circleci/circleci-docs/blob/main/docs/guides/modules/permissions-authentication/pages/openid-connect-tokens.adoc
 *   (version: commit 3b3f26e0b5cf8e7cea670440a6b8c8dc13b9710b of circleci/circleci-docs; checked
 *   2026-12-07: `$CIRCLE_OIDC_TOKEN` sub `"org/<organization_id>/project/<project_id>/user/<user_id>"`,
 *   "The user is the CircleCI user that caused this job to run"; `$CIRCLE_OIDC_TOKEN_V2` adds
 *   `/vcs-origin/<vcs_origin>/vcs-ref/<vcs_ref>`; issuer `https://oidc.circleci.com/org/<organization_id>`)
 * @see https://github.com/circleci/circleci-docs/blob/main/docs/guides/modules/permissions-authentication/pages/oidc-tokens-with-custom-claims.adoc
 *   (version: commit b935d6a2d338b44abf2ffa98e3facace5d11f092 of circleci/circleci-docs; checked
 *   2026-12-07: "Only the `aud` claim is customizable")
 * @see packages/testing/conformance/circleci.json (the cited cases, run by core/test/conformance-unmatchable.test.ts)
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (version: ms.date 08/14/2026; checked 2026-12-07: flexible credentials for GitHub, GitLab and
 *   Terraform Cloud issuers only)
 * @example
 * ```ts
 * import { CIRCLECI_UNMATCHABLE } from "@azfed/core/provider";
 *
 * console.error(`this is CircleCI: ${CIRCLECI_UNMATCHABLE}`);
 * ```
 */
export const CIRCLECI_UNMATCHABLE =
  "Entra cannot usefully match a CircleCI token: its sub names the user who triggered the job (org/{org id}/project/{project id}/user/{user id}, and in CIRCLE_OIDC_TOKEN_V2 also the repository and ref), so a fixed federated credential matches only that one person's runs, CircleCI lets a job change aud only, and Entra offers no flexible credential (a pattern on sub) for CircleCI's issuer. Instead: run the job on a self-hosted runner in Azure with a managed identity (AZFED_PROVIDER=managed-identity), exchange the token at a broker you run that checks its oidc.circleci.com/project-id and vcs claims, or keep a client secret or certificate in a restricted context";

/**
 * CircleCI: issuer `https://oidc.circleci.com/org/{organization id}`, subject
 * `org/{organization id}/project/{project id}/user/{user id}` (`CIRCLE_OIDC_TOKEN`), with
 * `/vcs-origin/{origin}/vcs-ref/{ref}` in `CIRCLE_OIDC_TOKEN_V2`. Recognised so that the validator,
 * the diagnosis and `azfed doctor` say why federated credentials do not fit its tokens
 * ({@link CIRCLECI_UNMATCHABLE}); azfed has no provider for it.
 */
export const CIRCLECI_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "circleci",
  label: "CircleCI",
  // CIRCLECI: "`true` (represents whether the current environment is a CircleCI environment)"
  // (circleci/circleci-docs docs/reference/modules/ROOT/pages/variables.adoc, commit
  // c1ab267ad1e6885c0e6e638320b88d7530df8171, checked 2026-12-07); CIRCLE_OIDC_TOKEN and
  // CIRCLE_OIDC_TOKEN_V2 hold the job's tokens (openid-connect-tokens.adoc, commit
  // 3b3f26e0b5cf8e7cea670440a6b8c8dc13b9710b, checked 2026-12-07).
  environmentSignal: {
    find: (env) =>
      env.CIRCLE_OIDC_TOKEN_V2
        ? "CIRCLE_OIDC_TOKEN_V2"
        : env.CIRCLE_OIDC_TOKEN
          ? "CIRCLE_OIDC_TOKEN"
          : env.CIRCLECI === "true"
            ? "CIRCLECI"
            : undefined,
    absent: 'CIRCLECI is not "true": not a CircleCI job',
  },
  credentialNamePrefix: "circleci",
  subjectPrefix: /^org\//,
  issued: (issuer, subject) =>
    (issuer.host === "oidc.circleci.com" && CIRCLECI_ISSUER_PATH.test(issuer.path)) ||
    (subject !== undefined && CIRCLECI_SUBJECT.test(subject)),
  subjectShapeWarning: () => ({ rule: "unmatchable-platform", message: CIRCLECI_UNMATCHABLE }),
  issuerCauses: () => [CIRCLECI_UNMATCHABLE],
  subjectCauses: () => [CIRCLECI_UNMATCHABLE],
};
