import type { EnvironmentSignal } from "./environment-signal";
import type { Platform } from "./platform";

/** A Spacelift account's host: `{account}.app.spacelift.io` (also the tokens' `aud`). */
const SPACELIFT_HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.app\.spacelift\.io$/;
/** The default subject: `space:{space}:{stack|module}:{id}:run_type:{type}:scope:{read|write}`. */
const SPACELIFT_SUBJECT = /^space:([^:]+):(stack|module):([^:]+):run_type:([^:]+):scope:([^:]+)$/;
const RUN_TYPES: readonly string[] = ["PROPOSED", "TRACKED", "TASK", "TESTING", "DESTROY"];

/**
 * Spacelift: issuer the account's URL `https://{account}.app.spacelift.io` (a self-hosted server's
 * URL, or its `FEDERATION_CUSTOM_ISSUER`), audience the account's host, default subject
 * `space:{spaceId}:{stack|module}:{id}:run_type:{PROPOSED|TRACKED|TASK|TESTING|DESTROY}:scope:{read|write}`
 * (an account may set another subject template). Entra matches the subject exactly, so a stack needs
 * one credential per run type and scope it uses. Recognised by the account host, or by a subject of
 * the default shape. No flexible credentials: Entra evaluates none for Spacelift's issuers.
 *
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/README.md
 *   (commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56 of spacelift-io/user-documentation, checked 2026-12-07: iss, sub, aud, one hour's lifetime, scopes)
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/azure-oidc.md
 *   (same commit: issuer, audience "the hostname of your Spacelift account", one credential per run type and scope)
 */
export const SPACELIFT_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "spacelift",
  label: "Spacelift",
  // SPACELIFT_OIDC_TOKEN: only Spacelift sets it, in every run of a paid account ("The token is
  // available in the `SPACELIFT_OIDC_TOKEN` environment variable and in the
  // `/mnt/workspace/spacelift.oidc` file"; docs/integrations/cloud-providers/oidc/README.md).
  // TF_VAR_spacelift_run_id: one of the values "injected into each run", with or without a token
  // (docs/concepts/configuration/environment.md, "Spacelift environment"), so a run of a free account
  // is told why it has no token. Both spacelift-io/user-documentation commit
  // 6e9746fefd4ef10fc7c4b68567356a98d3c07c56, checked 2026-12-07.
  environmentSignal: {
    find: (env) =>
      env.SPACELIFT_OIDC_TOKEN
        ? "SPACELIFT_OIDC_TOKEN"
        : env.TF_VAR_spacelift_run_id
          ? "TF_VAR_spacelift_run_id"
          : undefined,
    absent: "SPACELIFT_OIDC_TOKEN and TF_VAR_spacelift_run_id are not set: this is not a Spacelift run",
  },
  credentialNamePrefix: "spacelift",
  subjectPrefix: /^space:/,
  credentialNameParts: (subject) => {
    const parts = SPACELIFT_SUBJECT.exec(subject);
    if (!parts) return [subject.replace(/^space:/, "")];
    const [, space = "", , caller = "", runType = "", scope = ""] = parts;
    return [space, caller, runType.toLowerCase(), scope];
  },
  issued: (issuer, subject) =>
    SPACELIFT_HOST.test(issuer.host) || (subject !== undefined && SPACELIFT_SUBJECT.test(subject)),
  // The tokens' `aud` is the account's host ("This is the hostname of your Spacelift account").
  tokenAudience: (issuer) => (SPACELIFT_HOST.test(issuer.host) ? issuer.host : undefined),
  subjectShapeWarning(subject) {
    if (!subject.startsWith("space:")) return undefined;
    const parts = SPACELIFT_SUBJECT.exec(subject);
    if (!parts) {
      // A subject template with the space's path (`…:space_path:…`) is the account's choice: no warning.
      if (subject.includes(":space_path:")) return undefined;
      return {
        rule: "spacelift-subject-shape",
        message:
          "a Spacelift subject is space:{space id}:{stack|module}:{id}:run_type:{run type}:scope:{read|write} unless the account set a subject template. Fix: build it with azfed subject spacelift, or copy the sub of a run's token",
      };
    }
    const [, , , , runType = "", scope = ""] = parts;
    if (!RUN_TYPES.includes(runType)) {
      return {
        rule: "spacelift-subject-shape",
        message: `run type ${runType} is not one Spacelift writes (${RUN_TYPES.join(", ")}, in capitals). Fix: copy the run type from a token's runType claim`,
      };
    }
    if (scope !== "read" && scope !== "write") {
      return {
        rule: "spacelift-subject-shape",
        message: `scope ${scope} is not one Spacelift writes (read or write, in lower case). Fix: use read or write`,
      };
    }
    return undefined;
  },
  subjectDifference(presented, expected) {
    const token = SPACELIFT_SUBJECT.exec(presented);
    const credential = SPACELIFT_SUBJECT.exec(expected);
    if (!token || !credential) return undefined;
    if (token[1] !== credential[1])
      return `different space: the run is in ${token[1]}, the credential is for ${credential[1]}`;
    if (token[3] !== credential[3] || token[2] !== credential[2]) {
      return `different ${token[2]}: the run belongs to ${token[2]} ${token[3]}, the credential is for ${credential[2]} ${credential[3]}`;
    }
    if (token[4] !== credential[4]) {
      return `different run type: this is a ${token[4]} run, the credential is for ${credential[4]} runs; add a credential for each run type the stack uses`;
    }
    return `different scope: the run's token has scope ${token[5]}, the credential ${credential[5]} (a tracked run without autodeploy plans with read and applies with write: add both)`;
  },
  subjectCauses: (subject) => [
    `Spacelift's subject names the run type and scope (${subject}): Entra matches it exactly, so add a credential for each run type and scope the stack uses (azfed fic spacelift --run-type … --scope …).`,
  ],
  expiredTokenCauses: [
    "Spacelift's OIDC token is valid for one hour from the start of the run and cannot be refreshed; a run that exchanges it later than that needs to be split, or to exchange it once at the start.",
  ],
};
