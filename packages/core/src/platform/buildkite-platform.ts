import { GUID_PATTERN, isLowerCaseGuid } from "../guid";
import type { EnvironmentSignal } from "./environment-signal";
import type { Platform } from "./platform";

/** Buildkite's one issuer host, shared by every Buildkite organisation. */
const BUILDKITE_HOST = "agent.buildkite.com";
/**
 * Buildkite's default compound subject:
 * `organization:{org}:pipeline:{pipeline}:ref:{ref}:commit:{sha}:step:{step key}` (the step key may
 * be empty). Slugs hold no `:`.
 */
const COMPOUND_SUBJECT = /^organization:([^:]+):pipeline:([^:]+):ref:(.*):commit:([^:]*):step:([^:]*)$/;
const STABLE_SUBJECT_FIX =
  "request the token with subject_claim pipeline_id (buildkite() does by default; buildkite-agent oidc request-token --subject-claim pipeline_id) and use the pipeline's UUID (Pipeline Settings > General > Pipeline ID) as the subject";

/**
 * Buildkite Pipelines: issuer `https://agent.buildkite.com` for every organisation (no trailing
 * slash). The default `sub` is
 * `organization:{org slug}:pipeline:{pipeline slug}:ref:{refs/heads/… | refs/tags/…}:commit:{sha}:step:{step key}`:
 * it holds the commit, so it changes with every build and no fixed credential matches it, and Entra
 * evaluates no flexible credential for this issuer. With `subject_claim` (`--subject-claim`, since
 * buildkite/agent#3784) the `sub` is that claim's UUID alone: `pipeline_id` is the one
 * azfed recommends (one pipeline). Recognised by the issuer host, or, for an emulator's issuer, by
 * the compound subject.
 *
 * @see https://github.com/buildkite/docs/blob/main/pages/agent/cli/reference/oidc.md (commit 7e155915e of
 *   buildkite/docs, 2026-04-01, checked 2026-12-07: the `sub` format, `iss` `https://agent.buildkite.com`,
 *   `exp` "Defaults to 5 minutes", the claims `--subject-claim` accepts)
 * @see https://github.com/buildkite/docs/blob/main/pages/pipelines/security/oidc/azure.md (commit
 *   e8fc3fbba of buildkite/docs, 2026-04-01, checked 2026-12-07: the Azure credential, "Each unique
 *   subject value that needs Azure access requires its own Federated Identity Credential")
 * @see https://github.com/buildkite/agent/pull/3784 (merged 2026-03-30: `subject_claim` "unblocks Azure
 *   federated identity credentials, which reject wildcard sub claims like `commit:*`")
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07: no Buildkite issuer among the supported ones)
 */
export const BUILDKITE_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "buildkite",
  label: "Buildkite",
  // BUILDKITE: "Always `true`", set by the agent in every job (buildkite/docs
  // data/content/environment_variables.yaml, commit 35cf0294c6ea68f41d90da114120d73278f6fc0b, checked
  // 2026-12-07). The provider then needs the job's BUILDKITE_AGENT_ACCESS_TOKEN and BUILDKITE_JOB_ID.
  environmentSignal: {
    find: (env) => (env.BUILDKITE === "true" ? "BUILDKITE" : undefined),
    absent: 'Not running in a Buildkite job: BUILDKITE is not "true".',
  },
  credentialNamePrefix: "buildkite",
  subjectPrefix: /^organization:/,
  issued: (issuer, subject) =>
    issuer.host === BUILDKITE_HOST || (subject !== undefined && COMPOUND_SUBJECT.test(subject)),
  issuersWithoutTrailingSlash: ["https://agent.buildkite.com"],
  subjectShapeWarning(subject) {
    if (COMPOUND_SUBJECT.test(subject)) {
      return {
        rule: "buildkite-subject-shape",
        message: `this is Buildkite's default subject, which holds the commit and changes with every build: no later build matches it (and Entra takes no wildcard for Buildkite). Fix: ${STABLE_SUBJECT_FIX}`,
      };
    }
    if (GUID_PATTERN.test(subject) && !isLowerCaseGuid(subject)) {
      return {
        rule: "buildkite-subject-shape",
        message: `Buildkite writes UUIDs in lower case and subjects match case-sensitively. Fix: use ${subject.toLowerCase()}`,
      };
    }
    if (!isLowerCaseGuid(subject)) {
      return {
        rule: "buildkite-subject-shape",
        message: `a Buildkite subject that stays the same from build to build is a UUID, the value of the token's subject_claim. Fix: ${STABLE_SUBJECT_FIX}`,
      };
    }
    return undefined;
  },
  subjectDifference(presented, expected) {
    const token = COMPOUND_SUBJECT.exec(presented);
    const credential = COMPOUND_SUBJECT.exec(expected);
    if (token && isLowerCaseGuid(expected)) {
      return "the token carries Buildkite's default compound subject, the credential a UUID: request the token with subject_claim pipeline_id (buildkite() does by default)";
    }
    if (isLowerCaseGuid(presented) && credential) {
      return "the token's subject is a UUID (subject_claim), the credential names the compound subject, which changes every build: use the UUID";
    }
    if (token && credential && token[4] !== credential[4]) {
      return "different commit: Buildkite's default subject changes with every build; use subject_claim pipeline_id and the pipeline's UUID";
    }
    return undefined;
  },
  issuerCauses: () => [
    "Every Buildkite organisation's tokens carry the one issuer https://agent.buildkite.com (no trailing slash, no path); the subject alone tells pipelines apart.",
  ],
  subjectCauses: (subject) =>
    COMPOUND_SUBJECT.test(subject)
      ? [
          "Buildkite's default subject holds the commit and step key, so it changes with every build; ask for the token with subject_claim pipeline_id and name the pipeline's UUID in the credential.",
        ]
      : [
          "With subject_claim, Buildkite's subject is that claim's UUID alone: pipeline_id gives the pipeline's UUID (Pipeline Settings > General > Pipeline ID), cluster_id or queue_id another UUID; the credential must name the same one.",
        ],
  expiredTokenCauses: [
    "A Buildkite OIDC token lives 5 minutes unless asked otherwise (lifetime): one printed by buildkite-agent oidc request-token in an earlier step has expired; buildkite() asks the agent API for a fresh one at every exchange.",
  ],
};
