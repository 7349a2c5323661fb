/**
 * The issuer (`iss`) of Buildkite's job OIDC tokens: one for every Buildkite organisation, so the
 * subject alone tells pipelines apart.
 *
 * @see https://github.com/buildkite/docs/blob/main/pages/agent/cli/reference/oidc.md (`iss` example
 *   `https://agent.buildkite.com`; commit 7e155915e of buildkite/docs, checked 2026-12-07)
 * @see https://buildkite.com/docs/apis/workload-identity-federation/buildkite-agents (as served, checked
 *   2026-12-07: "Buildkite agents in every Buildkite organization share the same issuer")
 * @example
 * ```ts
 * buildkiteFederatedCredential({ pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983" }).issuer === BUILDKITE_ISSUER; // true
 * ```
 */
export const BUILDKITE_ISSUER = "https://agent.buildkite.com";

/**
 * The issuer of Buildkite's job OIDC tokens, `https://agent.buildkite.com` (no trailing slash).
 *
 * @example
 * ```ts
 * buildkiteIssuer(); // "https://agent.buildkite.com"
 * ```
 */
export function buildkiteIssuer(): string {
  return BUILDKITE_ISSUER;
}
