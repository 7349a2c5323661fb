import { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import { shorten } from "@azfed/core/provider";
import type { StsLocation } from "./sts-location";

/** What {@link stsFailure} says the failure was about. */
interface FailureContext {
  readonly location: StsLocation;
  readonly audience: string;
  readonly durationSeconds: number;
  readonly timeoutMs: number;
  /** Whether the caller's own signal ended the request (then its reason is thrown as is). */
  readonly callerAborted: boolean;
  readonly timedOut: boolean;
}

const MAX_MESSAGE = 300;

/**
 * The typed error for a failed `GetWebIdentityToken` call, named after what to fix: federation off
 * for the account, the permission missing, no region, no credentials, expired credentials, a
 * duration past the session's end, no answer in time. STS's own message is shown shortened and
 * with control characters escaped; the SDK's error is not kept as `cause` (it carries the signed
 * request).
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html (Errors, read 2026-12-07)
 * @see @aws-sdk/client-sts 3.1178.0 dist-types/commands/GetWebIdentityTokenCommand.d.ts (JWTPayloadSizeExceededException, OutboundWebIdentityFederationDisabledException, SessionDurationEscalationException)
 * @internal
 */
export function stsFailure(error: unknown, context: FailureContext): Error {
  if (context.callerAborted) return error instanceof Error ? error : new Error(String(error));
  if (error instanceof InvalidInputError) return error;
  const name = error instanceof Error ? error.name : "";
  const said = stsMessage(error);
  const status = statusOf(error);
  const where = context.location.endpoint ?? `STS in ${context.location.region ?? "the SDK's region"}`;
  const fail = (message: string): AssertionFetchError =>
    new AssertionFetchError({
      provider: "aws",
      message,
      ...(status !== undefined ? { statusCode: status } : {}),
    });
  if (context.timedOut) {
    return fail(`${where} did not answer GetWebIdentityToken within ${context.timeoutMs} ms`);
  }
  switch (name) {
    case "OutboundWebIdentityFederationDisabledException":
      return fail(
        `outbound identity federation is not enabled for this AWS account (STS: ${said}). Fix: an administrator runs aws iam enable-outbound-web-identity-federation once for the account; aws iam get-outbound-web-identity-federation-info then prints the issuer for the federated credential`,
      );
    case "AccessDenied":
    case "AccessDeniedException":
      return fail(
        `the caller may not call sts:GetWebIdentityToken for audience ${audienceText(context.audience)} and ${context.durationSeconds} s (STS: ${said}). Fix: allow the role "sts:GetWebIdentityToken" with the conditions "ForAllValues:StringEquals": {"sts:IdentityTokenAudience": ${audienceText(context.audience)}} and "NumericLessThanEquals": {"sts:DurationSeconds": ${context.durationSeconds}}, and check that no SCP or permissions boundary denies it`,
      );
    case "SessionDurationEscalationException":
      return fail(
        `a token for ${context.durationSeconds} s would outlive the role session's credentials (STS: ${said}). Fix: lower durationSeconds (the default, 300, suits an exchange)`,
      );
    case "JWTPayloadSizeExceededException":
      return fail(`the token would be too large (STS: ${said}). Fix: remove principal or session tags`);
    case "ExpiredToken":
    case "ExpiredTokenException":
      return fail(
        `the AWS credentials the SDK found have expired (STS: ${said}). Fix: refresh them (aws sso login, a new role session), or let the SDK find the workload's role (unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)`,
      );
    case "RegionDisabledException":
      return fail(
        `STS is not activated in ${context.location.region ?? "this region"} for this account (STS: ${said}). Fix: activate the region under IAM, Account settings, or set AWS_REGION to an active region`,
      );
    case "InvalidClientTokenId":
    case "SignatureDoesNotMatch":
    case "UnrecognizedClientException":
      return fail(
        `STS did not accept the AWS credentials the SDK found (${name}: ${said}). Fix: check AWS_PROFILE and the AWS_* credential variables`,
      );
    case "CredentialsProviderError":
      return new CredentialUnavailableError(
        `aws: the AWS SDK found no credentials (${said}). Run this as an IAM role (Lambda, ECS task role, EKS IRSA or Pod Identity, EC2 instance profile), or set AWS_PROFILE or the AWS_* credential variables`,
      );
  }
  if (/region is missing/i.test(said)) {
    return new CredentialUnavailableError(
      "aws: no AWS region: GetWebIdentityToken is served only by a regional STS endpoint. Set AWS_REGION (or the region option) to the region the workload runs in",
    );
  }
  if (status !== undefined) {
    return fail(
      `${where} refused GetWebIdentityToken with ${status}${name ? ` ${name}` : ""} (STS: ${said})`,
    );
  }
  return fail(`could not reach ${where}: ${said}${networkCode(error) ? ` (${networkCode(error)})` : ""}`);
}

function stsMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    shorten(
      text.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1)),
      MAX_MESSAGE,
    ) || "no message"
  );
}

function statusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } | undefined } | undefined)?.$metadata;
  return typeof metadata?.httpStatusCode === "number" ? metadata.httpStatusCode : undefined;
}

function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return undefined;
}

function audienceText(audience: string): string {
  return JSON.stringify(shorten(audience, 200));
}
