import { DEFAULT_EXCHANGE_AUDIENCE, type EntraCloud, entraIssuerCloud } from "../clouds";
import { InvalidInputError } from "../errors/invalid-input-error";
import type { IssuerPlatform } from "../platform/platform";
import { FIC_DESCRIPTION_MAX_LENGTH } from "./entra-fic-limits";
import { credentialDescription, federatedCredentialName } from "./federated-credential-from-claims";
import { requireFederatedCredentialName } from "./federated-credential-name";
import type { FederatedIdentityCredential } from "./federated-identity-credential";
import { requireFicFieldLength, requireHttpsIssuer, requireSubjectPart } from "./subject-part";

/**
 * What a user may choose in any `<platform>FederatedCredential` builder, beside the platform's own
 * subject and issuer options: each provider's options extend this.
 *
 * @example
 * ```ts
 * const choices: FederatedCredentialChoices = { audience: "api://AzureADTokenExchange", name: "deploy-prod" };
 * ```
 */
export interface FederatedCredentialChoices {
  /**
   * The `aud` the platform's tokens carry. Default: `api://AzureADTokenExchange`, or for a token
   * Entra issues (a managed identity) its cloud's exchange audience.
   */
  readonly audience?: string | undefined;
  /**
   * The credential's name (immutable once created). Default: derived from the platform and the
   * subject, as `azfed fic`, `federatedCredentialFromClaims` and the diagnosis name it.
   */
  readonly name?: string | undefined;
  /** Default: a sentence naming what the credential trusts. At most 600 characters, on one line. */
  readonly description?: string | undefined;
}

/**
 * What a provider's builder contributes to {@link assembleFederatedCredential}: which platform
 * (its row in core's platform table gives the name and the label), the issuer and subject it built,
 * and optionally a readable default description and, for tokens Entra issues, the cloud.
 *
 * @example
 * ```ts
 * const parts: PlatformCredentialParts = {
 *   platform: "gcp",
 *   issuer: "https://accounts.google.com",
 *   subject: "113562183298765432101",
 *   summary: "Google Cloud service account with unique ID 113562183298765432101",
 * };
 * ```
 */
export interface PlatformCredentialParts {
  /** The platform table's id: decides the generated name and the default description's label. */
  readonly platform: IssuerPlatform;
  /** The tokens' `iss`; checked here (https, no query or fragment, at most 600 characters). */
  readonly issuer: string;
  /** The tokens' `sub`; checked here (no surrounding whitespace or control characters, at most 600). */
  readonly subject: string;
  /** The default description; without one, "{platform label}: {subject}". Cut to 600 characters. */
  readonly summary?: string | undefined;
  /** The cloud of a token Entra issues (a managed identity): its exchange audience is the default. */
  readonly cloud?: EntraCloud | undefined;
}

/**
 * The one assembly of a federated identity credential for a platform: every
 * `<platform>FederatedCredential` builder gives it the issuer and subject it built, and it owns the
 * rest. The default audience (`api://AzureADTokenExchange`; a managed identity's cloud's own), Entra's
 * limits on every field (`entra-fic-limits.ts`), the generated name (core's platform table, the rule
 * `azfed fic` and the diagnosis use) or the check of a given one, and the description (the
 * provider's summary or "{label}: {subject}", or the given one, checked). Anything Entra would refuse
 * is an {@link InvalidInputError} naming the field.
 *
 * @example
 * ```ts
 * assembleFederatedCredential(
 *   { platform: "gcp", issuer: "https://accounts.google.com", subject: "113562183298765432101" },
 *   { description: "billing exporter" },
 * );
 * // { name: "gcp-113562183298765432101", issuer: "https://accounts.google.com",
 * //   subject: "113562183298765432101", audiences: ["api://AzureADTokenExchange"], description: "billing exporter" }
 * ```
 */
export function assembleFederatedCredential(
  parts: PlatformCredentialParts,
  choices: FederatedCredentialChoices = {},
): FederatedIdentityCredential {
  const issuer = requireHttpsIssuer("issuer", parts.issuer);
  const subject = requireFicFieldLength("subject", requireSubjectPart("subject", parts.subject));
  const defaultAudience =
    (parts.cloud ?? entraIssuerCloud(issuer))?.exchangeAudience ?? DEFAULT_EXCHANGE_AUDIENCE;
  const audience = requireFicFieldLength(
    "audience",
    requireSubjectPart("audience", choices.audience ?? defaultAudience, {
      expected: `the aud the tokens carry, e.g. ${defaultAudience}`,
    }),
  );
  const name =
    choices.name === undefined
      ? federatedCredentialName({ iss: issuer, sub: subject }, parts.platform)
      : requireFederatedCredentialName(choices.name);
  const description =
    choices.description === undefined
      ? credentialDescription({ iss: issuer, sub: subject }, parts.summary, parts.platform)
      : requireDescription(choices.description);
  return { name, issuer, subject, audiences: [audience], description };
}

function requireDescription(value: unknown): string {
  const description = requireSubjectPart("description", value, {
    expected: "a short description on one line",
  });
  if (description.length > FIC_DESCRIPTION_MAX_LENGTH) {
    throw new InvalidInputError({
      field: "description",
      value: description,
      expected: `at most ${FIC_DESCRIPTION_MAX_LENGTH} characters (this one has ${description.length})`,
      fix: "shorten the description; Entra refuses longer ones",
    });
  }
  return description;
}
