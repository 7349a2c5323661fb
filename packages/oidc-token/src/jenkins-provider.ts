import type { AssertionProvider } from "@azfed/core";
import { checkProviderOptions } from "@azfed/core/provider";
import {
  OIDC_TOKEN_ENV,
  sourceFromEnvironment,
  type TokenProviderOptions,
  tokenProvider,
} from "./token-provider";
import { describeSource, requireTokenSource } from "./token-source";

/**
 * Options of {@link jenkins}: the variable or the file `withCredentials` binds, or neither to read
 * the place from `AZFED_OIDC_TOKEN_VARIABLE` / `AZFED_OIDC_TOKEN_FILE` at each call.
 *
 * @example
 * ```ts
 * // withCredentials([string(credentialsId: 'azure-id-token', variable: 'AZURE_ID_TOKEN')]) { ... }
 * const options: JenkinsOptions = { variable: "AZURE_ID_TOKEN" };
 * ```
 */
export interface JenkinsOptions extends TokenProviderOptions {
  /** The variable an "OpenID Connect id token" credential is bound to (`string(variable: …)`). */
  readonly variable?: string | undefined;
  /** The path an "OpenID Connect id token as file" credential is bound to (`file(variable: …)` gives it). */
  readonly file?: string | undefined;
}

/**
 * The Jenkins provider: the id token the oidc-provider plugin mints when `withCredentials` binds an
 * "OpenID Connect id token" credential (to a variable the job names) or an "… as file" credential
 * (to a temporary file whose path the variable holds). Jenkins has no fixed variable, so the job
 * names it: `variable` or `file`, or `AZFED_OIDC_TOKEN_VARIABLE` (the variable's name) or
 * `AZFED_OIDC_TOKEN_FILE` (the path) in the environment. The token lives the plugin's token lifetime
 * (3600 s by default) and cannot be refreshed by azfed. Its `aud` is the credential's Audience field,
 * which is empty unless filled in: enter `api://AzureADTokenExchange`.
 *
 * Never detected (`AZFED_PROVIDER=jenkins` selects it): `JENKINS_URL` says a build runs on Jenkins,
 * not that it bound an id token, nor where.
 *
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/README.md
 *   (commit b5cde4512a23a05cbb45b722d3f48693c34baa51 of jenkinsci/oidc-provider-plugin, checked 2026-12-07: the two credential types, "Jenkins will
 *   generate a fresh id token scoped to that build with a limited validity" when the credential is bound)
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { jenkins } from "@azfed/oidc-token";
 *
 * // Jenkinsfile: withCredentials([string(credentialsId: 'azure-id-token', variable: 'AZURE_ID_TOKEN')]) { sh 'node deploy.js' }
 * const credential = new FederatedTokenCredential({ assertion: jenkins({ variable: "AZURE_ID_TOKEN" }) });
 * ```
 */
export function jenkins(options: JenkinsOptions = {}): AssertionProvider {
  checkProviderOptions(options);
  const source = requireTokenSource({ variable: "variable", file: "file" }, options);
  return tokenProvider({
    name: "jenkins",
    options,
    sources: (env) => (source ? [source] : sourceFromEnvironment(env)),
    writer: {
      writer: "the Jenkins credentials binding (oidc-provider plugin)",
      whenMissing: `wrap the step in withCredentials([string(credentialsId: '…', variable: '…')]) (or file(…) for an "id token as file" credential) and name that variable${source ? "" : ` in ${OIDC_TOKEN_ENV.variable} (or the file in ${OIDC_TOKEN_ENV.file})`}`,
      whenExpired:
        "the plugin mints it when withCredentials binds it, valid for the token lifetime (3600 s by default, Configure Global Security, OpenID Connect): bind it in the step that runs azfed",
      whenNoAudience:
        "the id token credential's Audience field is empty; enter api://AzureADTokenExchange there (the federated identity credential's audience)",
    },
    absent: (env, tried) =>
      env.JENKINS_URL
        ? `this is a Jenkins build, but the ${tried.map(describeSource).join(" and the ")} holds no id token: bind the credential with withCredentials around this step`
        : `the ${tried.map(describeSource).join(" and the ")} holds no id token and JENKINS_URL is not set: this is not a Jenkins build`,
  });
}
