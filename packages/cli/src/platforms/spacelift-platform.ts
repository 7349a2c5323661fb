import {
  type SpaceliftFederatedCredentialOptions,
  spaceliftFederatedCredential,
  spaceliftSubject,
} from "@azfed/oidc-token";
import { definePlatform } from "./define-platform";
import { choiceFlag, textFlag } from "./platform-flags";

/**
 * Spacelift for `azfed subject spacelift` and `azfed fic spacelift` (builders from
 * `@azfed/oidc-token`): the subject names the space, the stack or module, the run type and the
 * scope; the issuer is the account's URL and the audience its host.
 *
 * @example
 * ```ts
 * spaceliftPlatform.subject({ spaceId: "root", stack: "infra", runType: "TRACKED", scope: "write" });
 * // "space:root:stack:infra:run_type:TRACKED:scope:write"
 * ```
 */
export const spaceliftPlatform = definePlatform<SpaceliftFederatedCredentialOptions>({
  name: "spacelift",
  aliases: [],
  provider: "spacelift",
  title: "Spacelift",
  subjectFlags: {
    spaceId: textFlag("<id>", "the space's ID (its slug, e.g. root), the token's spaceId"),
    stack: textFlag("<id>", "the stack's ID (its slug)"),
    module: textFlag("<id>", "a module's ID, for its test runs (instead of --stack)"),
    runType: choiceFlag("<type>", "the run type", ["PROPOSED", "TRACKED", "TASK", "TESTING", "DESTROY"]),
    scope: choiceFlag("<scope>", "the token's scope: read (proposed runs, planning) or write", [
      "read",
      "write",
    ]),
  },
  credentialFlags: {
    account: textFlag("<name>", "the account's name: <name>.app.spacelift.io"),
    issuer: textFlag("<url>", "a self-hosted Spacelift's issuer (instead of --account)"),
  },
  subject: spaceliftSubject,
  federatedCredential: spaceliftFederatedCredential,
  flexible: false,
  subjectExamples: [
    "azfed subject spacelift --space-id root --stack infra --run-type TRACKED --scope write",
    "azfed subject spacelift --space-id root --module net --run-type TESTING --scope read",
  ],
  credentialExamples: [
    "azfed fic spacelift --account demo --space-id root --stack infra --run-type TRACKED --scope write --format az --app 00000000-0000-0000-0000-000000000000",
    "azfed fic spacelift --account demo --space-id root --stack infra --run-type PROPOSED --scope read --format terraform",
  ],
});
