import type { Draft } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";
import { duration, iso, isoSeconds } from "./time-text";

// Refusals about when the token is valid: AADSTS700024 (outside its valid time range), and the
// expiry noticed under any other code.
// @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (entra-docs docs/identity-platform/reference-error-codes.md, ms.date 04/24/2024, commit 04f65548622d3f134b13b4c1978d1471177e2b1c, read 2026-12-07)

export function diagnoseTimeRange(facts: Facts, draft: Draft): void {
  const exp = facts.claims?.exp !== undefined ? facts.claims.exp * 1000 : facts.quoted.validUntil;
  const nbf = facts.claims?.nbf !== undefined ? facts.claims.nbf * 1000 : facts.quoted.validFrom;
  const now = facts.now;
  const entraTime = facts.quoted.entraTime;
  const referenceTime = entraTime ?? now;
  if (exp !== undefined && exp <= referenceTime) {
    draft.summary = `The token had expired when Entra checked it: it expired at ${iso(exp)}, ${duration(referenceTime - exp)} before ${entraTime !== undefined ? "Entra's" : "this machine's"} time ${iso(referenceTime)}.`;
    draft.likelyCauses.push(
      "The token was fetched once and reused after its lifetime (GitHub's live 5 minutes, Azure DevOps' a few minutes); fetch a fresh one for every exchange.",
      "A long step ran between fetching the token and exchanging it.",
    );
  } else if (nbf !== undefined && nbf > referenceTime) {
    draft.summary = `The token was not yet valid when Entra checked it: it is valid from ${iso(nbf)}, ${duration(nbf - referenceTime)} after ${entraTime !== undefined ? "Entra's" : "this machine's"} time ${iso(referenceTime)}.`;
    draft.likelyCauses.push("The clock of the machine that issued the token runs ahead of Entra's.");
  } else {
    draft.summary = `Entra found the token outside its valid time range${exp !== undefined ? ` (it expires at ${iso(exp)})` : ""}, although by this machine's clock (${iso(now)}) it is valid.`;
    draft.likelyCauses.push("This machine's clock, or the token issuer's, is wrong.");
  }
  if (entraTime !== undefined && Math.abs(entraTime - now) > 60_000) {
    draft.likelyCauses.unshift(
      `This machine's clock is ${duration(Math.abs(entraTime - now))} ${now > entraTime ? "ahead of" : "behind"} Entra's (Entra: ${iso(entraTime)}, here: ${iso(now)}).`,
    );
  }
  const claims = facts.claims;
  if (claims?.iat !== undefined && claims.exp !== undefined) {
    draft.details.push(`The token's lifetime is ${duration((claims.exp - claims.iat) * 1000)}.`);
  }
  draft.likelyCauses.push(...(facts.platform?.expiredTokenCauses ?? []));
  draft.fix.push(
    "Return a fresh token from the assertion provider or callback on every call; never cache it (azfed asks for one per exchange).",
    "Check that the clock is synchronised (NTP) on this machine.",
  );
}

export function addExpiryObservation(facts: Facts, draft: Draft): void {
  const exp = facts.claims?.exp;
  if (exp !== undefined && exp * 1000 <= facts.now) {
    draft.likelyCauses.push(
      `The token had also expired (at ${isoSeconds(exp)}, ${duration(facts.now - exp * 1000)} ago); fetch a fresh one for each exchange.`,
    );
  }
}
