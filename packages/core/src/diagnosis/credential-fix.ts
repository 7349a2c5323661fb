import type { FederatedIdentityCredential } from "../fic/federated-identity-credential";

/**
 * The one fix for a token that no federated identity credential matches: `update` the credential
 * that is known (from the list given) or predictable (by the name azfed gives a credential for this
 * subject) to be the one meant, or `create` one under a name that cannot collide with an existing one.
 * The diagnosis, `azfed doctor` and `azfed doctor --fic` all print this fix.
 *
 * @example
 * ```ts
 * const fix: CredentialFix = credentialFix({ suggested, token: { issuer, subject }, code: 700211 });
 * fix.action; // "update"
 * azFederatedCredentialCommands(fix.credential, { clientId }, fix.action).application;
 * ```
 */
export interface CredentialFix {
  /** `update` an existing credential, or `create` a new one. */
  readonly action: "create" | "update";
  /** The credential as it must be after the fix: for an update, under the existing credential's name. */
  readonly credential: FederatedIdentityCredential;
  /**
   * How the updated credential's name is known: from the `list` given, `predicted` (the name azfed
   * gives a credential for this platform and subject), or `unknown` (the name is a placeholder to fill
   * in). Absent for a create.
   */
  readonly nameFrom?: "list" | "predicted" | "unknown";
}

/**
 * What {@link credentialFix} works from.
 *
 * @example
 * ```ts
 * const input: CredentialFixInput = {
 *   suggested: federatedCredentialFromClaims(claims),
 *   token: { issuer: claims.iss, subject: claims.sub },
 *   federatedCredentials: fics,
 * };
 * ```
 */
export interface CredentialFixInput {
  /** The credential that would match the token, named as azfed names it. */
  readonly suggested: FederatedIdentityCredential;
  readonly token: { readonly issuer: string; readonly subject: string };
  /** Entra's AADSTS code, when it answered; without one every mismatch is considered (as for 70021). */
  readonly code?: number | undefined;
  /** The identity's credentials, when known. */
  readonly federatedCredentials?: readonly FederatedIdentityCredential[] | undefined;
  /** Whether the token's platform, and so the name azfed gives its credential, is known. */
  readonly namePredictable?: boolean | undefined;
}

/** The name an update fills in when the credential's name cannot be known. */
export const CREDENTIAL_NAME_PLACEHOLDER = "<credential-name>";

/**
 * The one fix for a token no credential matches (see {@link CredentialFix}):
 * - with the credential list: update the credential that has the token's issuer and a subject equal
 *   but for letter case, or its subject and an issuer equal but for a trailing slash, letter case or
 *   spaces, or the suggested name; else create under the suggested name, which is then free;
 * - without it: AADSTS700211 (issuer only: the subject, and so azfed's name for the credential, is
 *   the token's), and AADSTS70021 when the platform and so the name is known, update the credential
 *   of the predicted name (names derive from the subject, so an issuer-only mismatch keeps it); AADSTS700212 and 7002138 (a credential
 *   with this issuer and subject exists) update it under a name to fill in; any other creates under the
 *   suggested name plus a suffix computed from issuer, subject and audience, which no existing
 *   credential can have (one with the same three values would have matched).
 *
 * @example
 * ```ts
 * // A Kubernetes credential created without the issuer's trailing slash, list unknown:
 * credentialFix({ suggested, token: { issuer: "https://oidc.prod-aks.azure.com/t/", subject }, code: 700211 });
 * // { action: "update", credential: { name: "kubernetes-default-workload", issuer: ".../t/", ... }, nameFrom: "predicted" }
 * ```
 */
export function credentialFix(input: CredentialFixInput): CredentialFix {
  const { suggested, token, code, federatedCredentials } = input;
  if (federatedCredentials) {
    const existing = credentialToCorrect(federatedCredentials, token, code ?? 70021, suggested.name);
    if (!existing) return { action: "create", credential: suggested };
    return {
      action: "update",
      credential: {
        name: existing.name,
        issuer: suggested.issuer,
        subject: suggested.subject,
        audiences: suggested.audiences,
        ...(existing.description ? { description: existing.description } : {}),
      },
      nameFrom: "list",
    };
  }
  if (code === 700211 || (code === 70021 && input.namePredictable)) {
    return { action: "update", credential: suggested, nameFrom: "predicted" };
  }
  if (code === 700212 || code === 7002138) {
    return {
      action: "update",
      credential: { ...suggested, name: CREDENTIAL_NAME_PLACEHOLDER },
      nameFrom: "unknown",
    };
  }
  return { action: "create", credential: { ...suggested, name: collisionFreeName(suggested) } };
}

/** Entra's longest credential name. */
const MAX_NAME_LENGTH = 120;

/** `name-xxxxxxxx`: the suggested name and 8 hex digits of FNV-1a over issuer, subject and audiences. */
function collisionFreeName(fic: FederatedIdentityCredential): string {
  let hash = 0x811c9dc5;
  for (const character of `${fic.issuer}\n${fic.subject ?? ""}\n${fic.audiences.join(",")}`) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const suffix = `-${hash.toString(16).padStart(8, "0")}`;
  return `${fic.name.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
}

/**
 * The supplied credential to correct with one update rather than join with a new one: the same
 * issuer and a subject equal but for letter case (AADSTS700212, 7002138); the same subject and an
 * issuer that differs only by a trailing slash or letter case (an AKS issuer without its slash); or
 * the credential that already has the name a new one would get (names are unique and immutable, so
 * a create with it fails).
 */
function credentialToCorrect(
  credentials: readonly FederatedIdentityCredential[],
  token: { readonly issuer: string; readonly subject: string },
  code: number,
  suggestedName: string,
): FederatedIdentityCredential | undefined {
  const subject = token.subject.toLowerCase();
  const issuer = looseIssuer(token.issuer);
  const sameIssuerAndSubject =
    code === 700212 || code === 7002138 || code === 70021
      ? credentials.find(
          (credential) =>
            credential.issuer === token.issuer &&
            typeof credential.subject === "string" &&
            credential.subject.toLowerCase() === subject,
        )
      : undefined;
  const sameSubjectNearlySameIssuer =
    code === 700211 || code === 70021
      ? credentials.find(
          (credential) =>
            credential.subject === token.subject &&
            typeof credential.issuer === "string" &&
            looseIssuer(credential.issuer) === issuer,
        )
      : undefined;
  return (
    sameIssuerAndSubject ??
    sameSubjectNearlySameIssuer ??
    credentials.find((credential) => credential.name === suggestedName)
  );
}

function looseIssuer(issuer: string): string {
  return issuer
    .trim()
    .replace(/(?<!\/)\/+$/, "")
    .toLowerCase();
}
