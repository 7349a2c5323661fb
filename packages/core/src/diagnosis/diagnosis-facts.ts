import { cloudForAuthorityHost, cloudLabel, type EntraCloud } from "../clouds";
import {
  type AssertionClaims,
  decodeAssertion,
  decodeAssertionHeader,
  InvalidAssertionError,
} from "../fic/decode-assertion";
import type { FederatedIdentityCredential } from "../fic/federated-identity-credential";
import type { Platform } from "../platform/platform";
import { platformOf } from "../platform/platforms";
import { type EntraErrorDescription, parseEntraErrorDescription } from "./entra-error-description";
import { iso, isoSeconds } from "./time-text";

/**
 * What is known when Entra refuses a token request: its codes and description, the assertion that
 * was presented (decoded, never printed), and where the request went.
 *
 * @example
 * ```ts
 * const context: EntraErrorContext = {
 *   aadsts: [70021],
 *   errorDescription: body.error_description,
 *   assertion,
 *   tenantId,
 *   clientId,
 *   authorityHost: "https://login.microsoftonline.com",
 *   audience: "api://AzureADTokenExchange",
 * };
 * ```
 */
export interface EntraErrorContext {
  /** The AADSTS codes (`error_codes`), e.g. `[70021]`. */
  readonly aadsts: readonly number[];
  /** Entra's `error_description`. */
  readonly errorDescription: string;
  /** The client assertion presented. Only decoded; it never appears in the diagnosis. */
  readonly assertion?: string | undefined;
  readonly tenantId: string;
  readonly clientId: string;
  readonly authorityHost: string;
  /** The audience azfed asked the platform to put in the token. */
  readonly audience: string;
  /** The current time, epoch ms (default `Date.now()`). */
  readonly now?: number | undefined;
  /**
   * The identity's federated identity credentials, when known (e.g. from
   * `az ad app federated-credential list`): the diagnosis then names the nearest one and how it differs.
   */
  readonly federatedCredentials?: readonly FederatedIdentityCredential[] | undefined;
}

/** What the diagnosis works from, gathered once. */
export interface Facts {
  readonly context: EntraErrorContext;
  readonly code: number | undefined;
  readonly quoted: EntraErrorDescription;
  readonly claims: AssertionClaims | undefined;
  readonly decodeProblem: string | undefined;
  readonly header: { readonly alg?: string | undefined; readonly kid?: string | undefined } | undefined;
  readonly issuer: string | undefined;
  readonly subject: string | undefined;
  /** The platform that issued the token, worked out once from its issuer and subject. */
  readonly platform: Platform | undefined;
  readonly audiences: readonly string[];
  readonly now: number;
  readonly cloud: EntraCloud | undefined;
  readonly expectedAudience: string;
}

/**
 * Gathers, once, what every diagnosis works from: the code explained (the first of `codes` that
 * `isExplained` accepts, else the first), the decoded assertion, Entra's quoted values, the cloud,
 * and the platform that issued the token.
 */
export function gatherFacts(context: EntraErrorContext, isExplained: (code: number) => boolean): Facts {
  const quoted = parseEntraErrorDescription(context.errorDescription ?? "");
  const codes = context.aadsts?.length ? context.aadsts : quoted.codes;
  const code = codes.find(isExplained) ?? codes[0];
  let claims: AssertionClaims | undefined;
  let decodeProblem: string | undefined;
  let header: Facts["header"];
  if (context.assertion !== undefined) {
    try {
      claims = decodeAssertion(context.assertion);
    } catch (error) {
      decodeProblem =
        error instanceof InvalidAssertionError ? error.message : "the assertion could not be decoded";
    }
    try {
      const decoded = decodeAssertionHeader(context.assertion);
      header = {
        ...(typeof decoded.alg === "string" ? { alg: decoded.alg } : {}),
        ...(typeof decoded.kid === "string" ? { kid: decoded.kid } : {}),
      };
    } catch {
      // Not a JWT: no header to show; decodeProblem says what is wrong.
    }
  }
  const audiences = claims
    ? typeof claims.aud === "string"
      ? [claims.aud]
      : [...claims.aud]
    : quoted.audience !== undefined
      ? [quoted.audience]
      : [];
  const cloud = cloudForAuthorityHost(context.authorityHost);
  const issuer = claims?.iss ?? quoted.issuer;
  const subject = claims?.sub ?? quoted.subject;
  return {
    context,
    code,
    quoted,
    claims,
    decodeProblem,
    header,
    issuer,
    subject,
    platform: issuer === undefined ? undefined : platformOf(issuer, subject),
    audiences,
    now: context.now ?? Date.now(),
    cloud,
    // What azfed asked for: the provider's default (api://AzureADTokenExchange for external issuers
    // in every cloud, the cloud's own for an Entra-issued assertion) or the credential's option.
    expectedAudience: context.audience,
  };
}

/** The facts as lines of a diagnosis's details. */
export function describeFacts(facts: Facts): string[] {
  const { context, quoted } = facts;
  const details: string[] = [];
  if (quoted.message) details.push(`Entra answered: ${quoted.message}`);
  else if (facts.code !== undefined) details.push(`Entra answered with AADSTS${facts.code}.`);
  details.push(
    `Client id ${context.clientId}, tenant ${context.tenantId}, authority ${context.authorityHost}${facts.cloud ? ` (${cloudLabel(facts.cloud.name)} cloud)` : ""}.`,
  );
  if (facts.issuer !== undefined) details.push(`Presented issuer (iss): ${JSON.stringify(facts.issuer)}`);
  if (facts.subject !== undefined) details.push(`Presented subject (sub): ${JSON.stringify(facts.subject)}`);
  if (facts.audiences.length > 0) {
    details.push(`Presented audience (aud): ${facts.audiences.map((aud) => JSON.stringify(aud)).join(", ")}`);
  }
  const claims = facts.claims;
  if (claims) {
    const times = [
      claims.iat !== undefined ? `issued ${isoSeconds(claims.iat)}` : undefined,
      claims.nbf !== undefined ? `valid from ${isoSeconds(claims.nbf)}` : undefined,
      claims.exp !== undefined ? `expires ${isoSeconds(claims.exp)}` : undefined,
    ].filter((part): part is string => part !== undefined);
    if (times.length > 0) details.push(`Token times: ${times.join(", ")}; now ${iso(facts.now)}.`);
  }
  if (facts.decodeProblem) details.push(`The assertion could not be decoded: ${facts.decodeProblem}`);
  else if (facts.issuer === undefined) {
    // A decoded assertion always has an issuer: with no decode problem, there was no assertion.
    details.push("No assertion was available to decode, and Entra quoted none of its values.");
  }
  return details;
}
