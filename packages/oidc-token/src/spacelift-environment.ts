/**
 * Where a Spacelift run finds its OIDC token, and the variables that say which run it is.
 *
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/README.md
 *   (commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56 of spacelift-io/user-documentation, checked 2026-12-07: "The token is available in the
 *   `SPACELIFT_OIDC_TOKEN` environment variable and in the `/mnt/workspace/spacelift.oidc` file"; valid for an hour; paid accounts)
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/concepts/configuration/environment.md
 *   (same commit, "Spacelift environment": `TF_VAR_spacelift_account_name` = `<ACCOUNT_NAME>.app.spacelift.io`, `TF_VAR_spacelift_run_id`)
 *
 * @example
 * ```ts
 * process.env[SPACELIFT_ENV.token]; // the run's OIDC token
 * ```
 */
export const SPACELIFT_ENV = {
  /** The run's OIDC token. */
  token: "SPACELIFT_OIDC_TOKEN",
  /** The account's host, `{account}.app.spacelift.io`: the tokens' audience. */
  accountHost: "TF_VAR_spacelift_account_name",
  /** The run's ID: set in every run, with or without an OIDC token. */
  runId: "TF_VAR_spacelift_run_id",
} as const;

/** The file Spacelift writes the run's OIDC token to (the same token as `SPACELIFT_OIDC_TOKEN`). */
export const SPACELIFT_TOKEN_FILE = "/mnt/workspace/spacelift.oidc";
