import { InvalidInputError } from "@azfed/core";
import { requireSubjectPart } from "@azfed/core/provider";

/**
 * An account's issuer: `https://{id}.tokens.sts.global.api.aws`, no path, no trailing slash in the
 * tokens' `iss`.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOutboundWebIdentityFederation.html (`IssuerIdentifier`, read 2026-12-07)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html (`iss` of the sample token, read 2026-12-07)
 */
const AWS_ISSUER = /^https:\/\/[a-z0-9][a-z0-9-]{0,62}\.tokens\.sts\.global\.api\.aws\/?$/;

/**
 * The issuer of an AWS account's tokens, checked: the `IssuerIdentifier` that
 * `aws iam enable-outbound-web-identity-federation` prints when federation is enabled, and
 * `aws iam get-outbound-web-identity-federation-info` prints afterwards
 * (`https://{id}.tokens.sts.global.api.aws`, one per account). A trailing slash is dropped (the
 * tokens carry none). An STS endpoint (`https://sts.amazonaws.com`, `https://sts.{region}.amazonaws.com`)
 * in its place is an `InvalidInputError` saying where to find the issuer.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOutboundWebIdentityFederation.html (read 2026-12-07)
 * @example
 * ```ts
 * awsIssuer("https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws");
 * // "https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws"
 * ```
 */
export function awsIssuer(issuerIdentifier: string): string {
  return checkAwsIssuer("issuerIdentifier", issuerIdentifier);
}

/**
 * {@link awsIssuer}'s check, naming `field` in its error.
 *
 * @internal
 */
export function checkAwsIssuer(field: string, value: unknown): string {
  const issuer = requireSubjectPart(field, value, {
    expected: "the account's issuer, https://{id}.tokens.sts.global.api.aws",
    fix: "run aws iam get-outbound-web-identity-federation-info and pass its IssuerIdentifier",
  });
  if (!AWS_ISSUER.test(issuer)) {
    throw new InvalidInputError({
      field,
      value: issuer,
      expected: `the account's issuer, https://{id}.tokens.sts.global.api.aws${/amazonaws\.com/i.test(issuer) ? " (an STS endpoint is not the issuer)" : ""}`,
      fix: "run aws iam get-outbound-web-identity-federation-info and pass its IssuerIdentifier (enable federation first with aws iam enable-outbound-web-identity-federation)",
    });
  }
  return issuer.replace(/\/$/, "");
}
