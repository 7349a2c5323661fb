import { azFederatedCredentialCommands } from "../fic/az-federated-credential-commands";
import { federatedCredentialFromClaims } from "../fic/federated-credential-from-claims";
import type { FederatedIdentityCredential } from "../fic/federated-identity-credential";
import { REDACTED, redact } from "../redact";
import { shellQuote } from "../shell-quote";
import { CREDENTIAL_NAME_PLACEHOLDER } from "./credential-fix";
import type { Diagnosis } from "./diagnosis";
import type { Facts } from "./diagnosis-facts";

/** A diagnosis being written: each explanation adds its summary, causes, fixes and commands. */
export interface Draft {
  summary: string;
  details: string[];
  likelyCauses: string[];
  fix: string[];
  suggestedCredential?: FederatedIdentityCredential | undefined;
  commands: string[];
}

/** The cause every "no match" answer may have: a credential that has not replicated yet. */
export const REPLICATION_CAUSE =
  "A federated identity credential created or changed in the last few minutes may not have replicated yet; Entra answers as if it did not exist until it has. Wait a few minutes and retry.";

/** The credential that would make Entra accept the presented token. */
export function suggestCredential(facts: Facts): FederatedIdentityCredential {
  return federatedCredentialFromClaims(
    { iss: facts.issuer ?? "", sub: facts.subject ?? "", aud: [...facts.audiences] },
    { audience: facts.expectedAudience },
  );
}

/**
 * The `az` commands that create or update the credential, for an app registration and a managed
 * identity; `fic` has the token's issuer and subject, so the token's platform is `facts.platform`.
 */
export function addCredentialCommands(
  fic: FederatedIdentityCredential,
  facts: Facts,
  action: "create" | "update",
  draft: Draft,
): void {
  const { application, managedIdentity } = azFederatedCredentialCommands(
    fic,
    { clientId: facts.context.clientId },
    action,
  );
  // A managed identity's token is trusted only by an app registration (never by another identity).
  // https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
  const appOnly = facts.platform?.id === "managed-identity";
  // The placeholder name is only ever given to an update (a create is given the suggested name).
  const nameToFill = fic.name === CREDENTIAL_NAME_PLACEHOLDER;
  draft.fix.push(
    appOnly
      ? `Run the \`az ad app federated-credential ${action}\` command below on the app registration${nameToFill ? " (fill in the credential's name)" : ""}: a managed identity's token can be the credential of an app registration only.`
      : `For an app registration run the \`az ad app federated-credential ${action}\` command below; for a user-assigned managed identity the \`az identity federated-credential ${action}\` one (fill in its name and resource group${nameToFill ? ", and the credential's name" : ""}).`,
  );
  draft.commands.push(application);
  if (managedIdentity && !appOnly) draft.commands.push(managedIdentity);
}

/** The commands that fetch the issuer's discovery document and keys, as Entra does. */
export function addIssuerCommands(issuer: string | undefined, draft: Draft): void {
  if (issuer === undefined) return;
  const discovery = discoveryUrl(issuer);
  draft.commands.push(
    `curl -sS ${shellQuote(discovery)}`,
    `curl -sS "$(curl -sS ${shellQuote(discovery)} | jq -r .jwks_uri)"`,
  );
}

/** Where OpenID Connect discovery finds an issuer's configuration. */
export function discoveryUrl(issuer: string | undefined): string {
  return `${(issuer ?? "{issuer}").replace(/(?<!\/)\/+$/, "")}/.well-known/openid-configuration`;
}

/** The finished diagnosis: duplicate causes dropped, the assertion and anything secret-looking redacted. */
export function sanitize(draft: Draft, assertion: string | undefined): Diagnosis {
  const secrets = secretsOf(assertion);
  const clean = (text: string): string => {
    let result = text;
    for (const secret of secrets) result = result.split(secret).join(REDACTED);
    return redact(result);
  };
  const suggested = draft.suggestedCredential;
  return {
    summary: clean(draft.summary),
    details: draft.details.map(clean),
    likelyCauses: [...new Set(draft.likelyCauses)].map(clean),
    fix: draft.fix.map(clean),
    ...(suggested ? { suggestedCredential: suggested } : {}),
    ...(draft.commands.length > 0 ? { commands: draft.commands.map(clean) } : {}),
  };
}

/** The assertion and its signature: never to appear in a diagnosis, whatever the inputs quote. */
function secretsOf(assertion: string | undefined): string[] {
  if (assertion === undefined) return [];
  const trimmed = assertion.trim();
  const signature = trimmed.split(".")[2];
  return [trimmed, signature].filter((part): part is string => part !== undefined && part.length >= 16);
}
