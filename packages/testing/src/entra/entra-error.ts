/**
 * The JSON body Microsoft Entra ID answers a failed token (or discovery) request with, and so does
 * the emulator.
 *
 * @example
 * ```ts
 * const response = await fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, { method: "POST", body, dispatcher: entra.dispatcher });
 * const error = (await response.json()) as EntraErrorBody;
 * error.error_codes[0]; // 700213
 * error.error_description.startsWith("AADSTS700213:"); // true
 * ```
 */
export interface EntraErrorBody {
  /** The OAuth error, e.g. `invalid_client`, `invalid_request`, `unauthorized_client`, `invalid_scope`. */
  readonly error: string;
  /** `AADSTSnnnn: <message> Trace ID: … Correlation ID: … Timestamp: …`. */
  readonly error_description: string;
  readonly error_codes: readonly number[];
  /** `yyyy-MM-dd HH:mm:ssZ`. */
  readonly timestamp: string;
  readonly trace_id: string;
  /** The request's `client-request-id` header when it was a GUID, else a new GUID. */
  readonly correlation_id: string;
  /** `{authority host}/error?code=nnnn`. */
  readonly error_uri: string;
}

/**
 * A refusal raised while handling a request; the emulator turns it into an {@link EntraErrorBody}.
 *
 * @internal
 */
export class EntraRefusal extends Error {
  override readonly name = "EntraRefusal";
  readonly code: number;
  readonly error: string;
  readonly status: number;
  readonly detail: string;

  constructor(code: number, error: string, status: number, detail: string) {
    super(`AADSTS${code}: ${detail}`);
    this.code = code;
    this.error = error;
    this.status = status;
    this.detail = detail;
  }
}

const WORKLOAD_IDENTITY_DOCS = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";
const CHECK_FIC =
  "Check your federated identity credential Subject, Audience and Issuer against the presented assertion.";

/**
 * The refusals the emulator can produce, one factory per AADSTS code, worded as Entra words them.
 *
 * @internal
 */
export const refuse = {
  /** A required form parameter is missing. */
  missingParameter: (name: string) =>
    new EntraRefusal(
      900144,
      "invalid_request",
      400,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  /** Neither a client assertion nor a client secret. */
  missingClientCredential: () =>
    new EntraRefusal(
      7000218,
      "invalid_client",
      401,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  /** The token endpoint was called with something other than POST. */
  postOnly: (method: string) =>
    new EntraRefusal(
      900561,
      "invalid_request",
      400,
      `The endpoint only accepts POST requests. Received a ${method} request.`,
    ),
  unsupportedGrantType: (grantType: string) =>
    new EntraRefusal(
      70003,
      "unsupported_grant_type",
      400,
      `The app requested an unsupported grant type '${grantType}'.`,
    ),
  unexpectedAssertionType: () =>
    new EntraRefusal(90011, "invalid_request", 400, "Unexpected client assertion type."),
  clientSecretNotAccepted: (clientId: string) =>
    new EntraRefusal(
      7000215,
      "invalid_client",
      401,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  invalidScope: (scope: string) =>
    new EntraRefusal(
      70011,
      "invalid_scope",
      400,
      `The provided value for the input parameter 'scope' isn't valid. The scope ${scope} isn't valid.`,
    ),
  scopeWithoutDefault: (scope: string) =>
    new EntraRefusal(
      1002012,
      "invalid_scope",
      400,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  applicationNotFound: (clientId: string, tenant: string) =>
    new EntraRefusal(
      700016,
      "unauthorized_client",
      400,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  noFederatedCredentials: (clientId: string) =>
    new EntraRefusal(
      70025,
      "invalid_client",
      401,
      `The client application '${clientId}' has no configured federated identity credentials.`,
    ),
  malformedAssertion: () =>
    new EntraRefusal(50027, "invalid_request", 400, "JWT token is invalid or malformed."),
  issuerUnreachable: () =>
    new EntraRefusal(90061, "invalid_request", 400, "Request to External OIDC endpoint failed."),
  /**
   * An assertion signed with an elliptic-curve algorithm. Entra's answer as two users quote it; the
   * HTTP status is not quoted (400, as Entra answers its other `invalid_request` refusals).
   * @see XenitAB/aad-oidc-identity src/key/key.go (commit 1a421e1e5ab97787eb1dfa41c62357c9f0100d95,
   *   checked 2026-12-07): `{"error":"invalid_request","error_description":"AADSTS5002738: Invalid JWT
   *   token. 'ES384' is not a supported signature algorithm. Supported signing algorithms are: 'RS256,
   *   HS256'` for an issuer signing with ES384 (2021-12-20)
   * @see https://github.com/AzureAD/microsoft-identity-web/issues/3467 (as served, checked 2026-12-07):
   *   "JWTs signed with elliptic-curve algorithms (ES256, ES384, ES512) are rejected, resulting in
   *   AADSTS5002738: `Invalid JWT token. 'ES256' is not a supported signature algorithm`" (2025-09-04)
   */
  unsupportedAlgorithm: (alg: string) =>
    new EntraRefusal(
      5002738,
      "invalid_request",
      400,
      `Invalid JWT token. '${alg}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, HS256'`,
    ),
  badSignature: (kid: string) =>
    new EntraRefusal(
      700027,
      "invalid_client",
      401,
      `Client assertion failed signature validation. [Reason - The key was not found or the signature did not match., Key id of the key used by the issuer: '${kid}']`,
    ),
  outsideValidTime: (now: Date, notBefore: Date, expires: Date) =>
    new EntraRefusal(
      700024,
      "invalid_client",
      401,
      `Client assertion is not within its valid time range. Current time: ${preciseTime(now)}, assertion valid from ${preciseTime(notBefore)}, expiry time of assertion ${preciseTime(expires)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    ),
  noMatchingRecord: (issuer: string, subject: string, audience: string) =>
    new EntraRefusal(
      70021,
      "invalid_request",
      400,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audience}'. ${WORKLOAD_IDENTITY_DOCS}`,
    ),
  noMatchingIssuer: (issuer: string) =>
    new EntraRefusal(
      700211,
      "invalid_client",
      401,
      `No matching federated identity record found for presented assertion issuer '${issuer}'. ${CHECK_FIC} ${WORKLOAD_IDENTITY_DOCS}`,
    ),
  noMatchingAudience: (audience: string) =>
    new EntraRefusal(
      700212,
      "invalid_client",
      401,
      `No matching federated identity record found for presented assertion audience '${audience}'. ${CHECK_FIC} ${WORKLOAD_IDENTITY_DOCS}`,
    ),
  noMatchingSubject: (subject: string) =>
    new EntraRefusal(
      700213,
      "invalid_client",
      401,
      `No matching federated identity record found for presented assertion subject '${subject}'. ${CHECK_FIC} ${WORKLOAD_IDENTITY_DOCS}`,
    ),
  subjectMatchesOnlyIgnoringCase: (subject: string) =>
    new EntraRefusal(
      7002138,
      "invalid_client",
      401,
      `No matching federated identity record found for presented assertion subject '${subject}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${CHECK_FIC} See documentation at: ${WORKLOAD_IDENTITY_DOCS}.`,
    ),
  /**
   * An Entra-issued token (a managed identity's) presented for an app or identity registered in
   * another tenant than the token's: Entra lets an app trust only managed identities of its own
   * tenant. Microsoft's wording; the `error` value and status follow its sibling AADSTS700222
   * (`invalid_client`), as no source shows this code's.
   *
   * @see https://learn.microsoft.com/answers/questions/2139753/aadsts700236-entra-id-tokens-issued-by-issuer-http (the message, for an identity of tenant A and an app of tenant B)
   * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity ("Both the Microsoft Entra app and managed identity must belong to the same tenant")
   */
  entraTokenFromOtherTenant: (issuer: string) =>
    new EntraRefusal(
      700236,
      "invalid_client",
      401,
      `Entra ID tokens issued by issuer '${issuer}' may not be used for federated identity credential flows for applications or managed identities registered in this tenant.`,
    ),
  unknownInstance: () => new EntraRefusal(50049, "invalid_instance", 400, "Unknown or invalid instance."),
  invalidTenant: (tenant: string) =>
    new EntraRefusal(
      90002,
      "invalid_tenant",
      400,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
} as const;

/**
 * Builds the JSON body of a refusal.
 *
 * @internal
 */
export function entraErrorBody(
  refusal: EntraRefusal,
  context: { traceId: string; correlationId: string; now: Date; authorityHost: string },
): EntraErrorBody {
  const timestamp = shortTime(context.now);
  return {
    error: refusal.error,
    error_description: `AADSTS${refusal.code}: ${refusal.detail} Trace ID: ${context.traceId} Correlation ID: ${context.correlationId} Timestamp: ${timestamp}`,
    error_codes: [refusal.code],
    timestamp,
    trace_id: context.traceId,
    correlation_id: context.correlationId,
    error_uri: `${context.authorityHost}/error?code=${refusal.code}`,
  };
}

/** `2024-03-01 07:41:07Z`, as Entra writes timestamps. */
function shortTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** `2024-10-02T22:05:03.6750000Z`: .NET's round-trip format with seven fractional digits. */
function preciseTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}0000Z`;
}
