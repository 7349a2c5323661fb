import { requireHttpsIssuer } from "@azfed/core/provider";
import { jenkinsRootUrl, jobPath } from "./jenkins-url";

/**
 * Where {@link jenkinsIssuer} finds the issuer: Jenkins' root URL (and the folder holding the id
 * token credential, if it is not at the root), or the issuer an administrator configured on the
 * credential.
 *
 * @example
 * ```ts
 * const root: JenkinsIssuerOptions = { jenkinsUrl: "https://jenkins.example.com/" };
 * const inFolder: JenkinsIssuerOptions = { jenkinsUrl: "https://jenkins.example.com/", folder: "payments" };
 * ```
 */
export interface JenkinsIssuerOptions {
  /** Jenkins' root URL (`JENKINS_URL`), e.g. `https://jenkins.example.com/`. */
  readonly jenkinsUrl?: string | undefined;
  /** The full name of the folder the id token credential is stored in (`team/payments`). Default: the root. */
  readonly folder?: string | undefined;
  /** The issuer configured on the credential (instead of `jenkinsUrl`): taken as is, checked. */
  readonly issuer?: string | undefined;
}

/**
 * The issuer of the oidc-provider plugin's id tokens: `{root URL}oidc` for a credential at the root
 * (`https://jenkins.example.com/oidc`), `{root URL}oidc/job/{folder}/…` for one stored in a folder,
 * or the issuer an administrator configured; never with a trailing slash (the plugin refuses one).
 * The credential's page shows it (Update, Issuer URI).
 *
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/src/main/java/io/jenkins/plugins/oidc_provider/Issuer.java
 *   (commit b5cde4512a23a05cbb45b722d3f48693c34baa51 of jenkinsci/oidc-provider-plugin, checked 2026-12-07: `url()` = `getRootUrl() + "oidc" + uri()`)
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/src/main/java/io/jenkins/plugins/oidc_provider/FolderIssuer.java
 *   (same commit: a folder's `uri()` = `/job/{name}` for each folder of its full name)
 *
 * @example
 * ```ts
 * jenkinsIssuer({ jenkinsUrl: "https://jenkins.example.com/" }); // "https://jenkins.example.com/oidc"
 * jenkinsIssuer({ jenkinsUrl: "https://jenkins.example.com/", folder: "payments" }); // "https://jenkins.example.com/oidc/job/payments"
 * ```
 */
export function jenkinsIssuer(options: JenkinsIssuerOptions): string {
  const hint = {
    expected: "the id token credential's issuer (its page shows it: Update, Issuer URI)",
    fix: "pass jenkinsUrl (JENKINS_URL), or the issuer the credential's page shows",
  };
  if (options?.issuer !== undefined) return requireHttpsIssuer("issuer", options.issuer, hint);
  const root = jenkinsRootUrl("jenkinsUrl", options?.jenkinsUrl);
  const folder = options.folder === undefined ? "" : `/${jobPath("folder", options.folder)}`;
  return requireHttpsIssuer("jenkinsUrl", `${root}oidc${folder}`, hint);
}
