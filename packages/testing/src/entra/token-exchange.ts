import { decodeJwt, decodeProtectedHeader } from "jose";
import type { JwtClaims } from "../jwt-claims";
import {
  credentialsForIssuer,
  matchFederatedCredential,
  type PresentedAssertion,
} from "../oracles/federated-credential-match";
import { isTenantAlias } from "../oracles/tenant-alias";
import type { AccessTokenIssuer } from "./access-token-issuer";
import { type EntraDirectory, servicePrincipalObjectId } from "./entra-directory";
import { EntraRefusal, refuse } from "./entra-error";
import type { ExternalIssuerKeys } from "./external-issuer-keys";
import { refreshInFor } from "./token-lifetime";

/**
 * The JSON body of a successful token response, as Entra sends it for client credentials.
 *
 * @example
 * ```ts
 * const body = (await response.json()) as EntraTokenResponse;
 * const expiresOn = Date.now() + body.expires_in * 1000;
 * ```
 */
export interface EntraTokenResponse {
  readonly token_type: "Bearer";
  /** Seconds until `access_token` expires. */
  readonly expires_in: number;
  readonly ext_expires_in: number;
  /** Seconds after which a client should refresh: sent only for lifetimes over two hours (half of them), or as set with `setRefreshIn`. */
  readonly refresh_in?: number | undefined;
  readonly access_token: string;
}

/** The only client assertion type Entra accepts. */
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Entra tolerates this much clock difference on `exp` and `nbf`. */
const CLOCK_SKEW_SECONDS = 300;
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

/**
 * What a token exchange needs from the emulator.
 *
 * @internal
 */
export interface TokenExchangeContext {
  readonly directory: EntraDirectory;
  readonly issuerKeys: ExternalIssuerKeys;
  readonly accessTokens: AccessTokenIssuer;
  readonly tokenLifetimeSeconds: number;
  /** The `refresh_in` set with `setRefreshIn`; `undefined`: Entra's rule. */
  readonly refreshInSeconds: number | undefined;
  /** The tenant of a token this emulator issued as Entra (`iss` `{url}/{tenant}/v2.0`); `undefined` for any other issuer. */
  readonly entraIssuerTenant: (issuer: string) => string | undefined;
}

/**
 * The outcome of a token request: the response body, and what the request log keeps of it.
 *
 * @internal
 */
export interface TokenExchangeResult {
  readonly response: EntraTokenResponse;
  readonly assertionClaims: JwtClaims;
}

/**
 * Handles `POST /{tenant}/oauth2/v2.0/token` for `client_credentials` with a JWT-bearer client
 * assertion, validating in Entra's order; a token the emulator issued as Entra (a managed identity's)
 * is accepted only for an app of the same tenant (AADSTS700236 otherwise). Throws an {@link EntraRefusal}; `onAssertionDecoded`
 * receives the assertion's claims as soon as they are known (for the request log).
 *
 * @internal
 */
export async function exchangeClientAssertion(
  tenant: string,
  form: URLSearchParams,
  context: TokenExchangeContext,
  onAssertionDecoded: (claims: JwtClaims) => void = () => {},
): Promise<TokenExchangeResult> {
  const grantType = required(form, "grant_type");
  if (grantType !== "client_credentials") throw refuse.unsupportedGrantType(grantType);
  const clientId = required(form, "client_id");
  const resource = resourceOf(required(form, "scope"));

  const assertion = form.get("client_assertion");
  const assertionType = form.get("client_assertion_type");
  const clientSecret = form.get("client_secret");
  if (!assertion && !clientSecret) throw refuse.missingClientCredential();
  if (assertion) {
    if (!assertionType) throw refuse.missingParameter("client_assertion_type");
    if (assertionType !== JWT_BEARER) throw refuse.unexpectedAssertionType();
  }

  const application = context.directory.find(clientId, tenant);
  if (!application) throw refuse.applicationNotFound(clientId, tenant);
  if (clientSecret || !assertion) throw refuse.clientSecretNotAccepted(clientId);
  if (application.federatedCredentials.length === 0) throw refuse.noFederatedCredentials(clientId);

  const presented = decodeAssertion(assertion);
  onAssertionDecoded(presented.claims);
  const candidates = credentialsForIssuer(application.federatedCredentials, presented.issuer);
  await context.issuerKeys.verifySignature(assertion, presented.issuer);
  checkValidity(presented.claims);
  matchFederatedCredential(candidates, presented);
  // After the credential matched, as Entra answers (a wrong issuer or subject is reported first).
  const issuingTenant = context.entraIssuerTenant(presented.issuer);
  if (
    issuingTenant !== undefined &&
    application.tenantId !== undefined &&
    issuingTenant.toLowerCase() !== application.tenantId.toLowerCase()
  ) {
    throw refuse.entraTokenFromOtherTenant(presented.issuer);
  }

  const clientCapabilities = requestedCapabilities(form.get("claims"));
  const tenantId = isTenantAlias(tenant) && application.tenantId ? application.tenantId : tenant;
  const lifetime = context.tokenLifetimeSeconds;
  const refreshIn = refreshInFor(lifetime, context.refreshInSeconds);
  const accessToken = await context.accessTokens.issue({
    tenantId,
    clientId: application.clientId,
    objectId: servicePrincipalObjectId(application.clientId, tenantId),
    resource,
    lifetimeSeconds: lifetime,
    clientCapabilities,
  });
  return {
    response: {
      token_type: "Bearer",
      expires_in: lifetime,
      ext_expires_in: lifetime,
      ...(refreshIn !== undefined ? { refresh_in: refreshIn } : {}),
      access_token: accessToken,
    },
    assertionClaims: presented.claims,
  };
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw refuse.missingParameter(name);
  return value;
}

/** The resource of a client-credentials scope: exactly one `{resource}/.default`. */
function resourceOf(scope: string): string {
  const scopes = scope.split(" ").filter((item) => item !== "" && !OIDC_SCOPES.has(item));
  if (scopes.length !== 1) throw refuse.invalidScope(scope);
  const [only] = scopes as [string];
  if (!only.endsWith("/.default") || only === "/.default") throw refuse.scopeWithoutDefault(only);
  return only.slice(0, -"/.default".length);
}

function decodeAssertion(assertion: string): PresentedAssertion {
  let claims: JwtClaims;
  try {
    const header = decodeProtectedHeader(assertion);
    if (typeof header.alg !== "string" || header.alg === "none" || assertion.split(".").length !== 3) {
      throw new TypeError("not a signed JWT");
    }
    claims = decodeJwt(assertion);
  } catch {
    throw refuse.malformedAssertion();
  }
  const { iss, sub, aud, exp } = claims;
  const audiences = typeof aud === "string" ? [aud] : aud;
  if (
    typeof iss !== "string" ||
    iss === "" ||
    typeof sub !== "string" ||
    sub === "" ||
    !Array.isArray(audiences) ||
    audiences.length === 0 ||
    typeof exp !== "number"
  ) {
    throw refuse.malformedAssertion();
  }
  return { issuer: iss, subject: sub, audiences, claims };
}

function checkValidity(claims: JwtClaims): void {
  const now = Date.now() / 1000;
  const notBefore = typeof claims.nbf === "number" ? claims.nbf : 0;
  const expires = claims.exp as number;
  if (now > expires + CLOCK_SKEW_SECONDS || now < notBefore - CLOCK_SKEW_SECONDS) {
    throw refuse.outsideValidTime(new Date(now * 1000), new Date(notBefore * 1000), new Date(expires * 1000));
  }
}

/** The `xms_cc` values of a `claims` request parameter, e.g. `{"access_token":{"xms_cc":{"values":["cp1"]}}}`. */
function requestedCapabilities(claims: string | null): string[] | undefined {
  if (!claims) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    throw new EntraRefusal(
      70011,
      "invalid_request",
      400,
      "The provided value for the input parameter 'claims' isn't valid JSON.",
    );
  }
  const values = (
    parsed as { access_token?: { xms_cc?: { values?: unknown } | undefined } | undefined } | null
  )?.access_token?.xms_cc?.values;
  return Array.isArray(values)
    ? values.filter((value): value is string => typeof value === "string")
    : undefined;
}
