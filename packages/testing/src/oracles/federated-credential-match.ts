import type { JWTPayload } from "jose";
import { refuse } from "../entra/entra-error";
import type { ClaimsMatcher } from "./claims-expression";

// The emulator's own FIC matcher, written independently of @azfed/core's on purpose: see ./README.md.

/**
 * What the matcher reads of a stored federated credential: its issuer, subject and audiences, and
 * the compiled expression of a flexible one.
 *
 * @internal
 */
export interface MatchableCredential {
  readonly record: {
    readonly issuer: string;
    readonly subject?: string;
    readonly audiences: readonly string[];
  };
  readonly matcher: ClaimsMatcher | undefined;
}

/**
 * The claims of an external assertion that federation reads, checked to be present.
 *
 * @internal
 */
export interface PresentedAssertion {
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
  readonly claims: JWTPayload;
}

/**
 * The application's federated credentials whose issuer is the assertion's `iss`, exactly
 * (AADSTS700211 when none).
 *
 * @internal
 */
export function credentialsForIssuer<Credential extends MatchableCredential>(
  credentials: readonly Credential[],
  issuer: string,
): Credential[] {
  const candidates = credentials.filter((credential) => credential.record.issuer === issuer);
  if (candidates.length === 0) throw refuse.noMatchingIssuer(issuer);
  return candidates;
}

/**
 * The credential (among those with the right issuer) that matches the assertion's subject — or
 * claims, for a flexible credential — and audience, case-sensitively. Refuses with the most specific
 * code Entra gives: 700212 (subject matched, audience did not), 7002138 (subject matched only when
 * ignoring case), 700213 (no subject matched), 70021 (no flexible expression matched).
 *
 * @internal
 */
export function matchFederatedCredential<Credential extends MatchableCredential>(
  candidates: readonly Credential[],
  assertion: PresentedAssertion,
): Credential {
  const subjectMatches = (credential: MatchableCredential): boolean =>
    credential.matcher
      ? credential.matcher.test(assertion.claims as Record<string, unknown>)
      : credential.record.subject === assertion.subject;
  const audienceMatches = (credential: MatchableCredential): boolean =>
    credential.record.audiences.some((audience) => assertion.audiences.includes(audience));

  const match = candidates.find((credential) => subjectMatches(credential) && audienceMatches(credential));
  if (match) return match;

  const shownAudience = assertion.audiences.join(",");
  if (candidates.some(subjectMatches)) throw refuse.noMatchingAudience(shownAudience);
  const exact = candidates.filter((credential) => credential.matcher === undefined);
  const lowerSubject = assertion.subject.toLowerCase();
  if (exact.some((credential) => credential.record.subject?.toLowerCase() === lowerSubject)) {
    throw refuse.subjectMatchesOnlyIgnoringCase(assertion.subject);
  }
  if (exact.length === candidates.length) throw refuse.noMatchingSubject(assertion.subject);
  throw refuse.noMatchingRecord(assertion.issuer, assertion.subject, shownAudience);
}
