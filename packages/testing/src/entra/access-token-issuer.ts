import { createHash, randomBytes } from "node:crypto";
import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";

/**
 * What an access token is issued for.
 *
 * @internal
 */
export interface AccessTokenRequest {
  /** The tenant the token is for (`tid`). */
  readonly tenantId: string;
  readonly clientId: string;
  /** The service principal's (or managed identity's) object id (`oid`, `sub`). */
  readonly objectId: string;
  /** The scope's resource, e.g. `https://management.azure.com` (`aud`). */
  readonly resource: string;
  readonly lifetimeSeconds: number;
  /** Client capabilities asked for through the `claims` parameter, e.g. `["cp1"]` (`xms_cc`). */
  readonly clientCapabilities?: readonly string[];
}

/**
 * What a managed identity's token is issued for: the identity, its tenant and the resource.
 *
 * @internal
 */
export interface ManagedIdentityTokenRequest {
  /** The identity's home tenant (`tid`). */
  readonly tenantId: string;
  /** The identity's client id (`azp`). */
  readonly clientId: string;
  /** The identity's object (principal) id (`oid`, `sub`). */
  readonly principalId: string;
  /** The identity's Azure resource id (`xms_mirid`), when known. */
  readonly resourceId?: string;
  /** The resource asked for, e.g. `api://AzureADTokenExchange` (`aud`). */
  readonly resource: string;
  readonly lifetimeSeconds: number;
}

/**
 * Signs access tokens shaped like Entra's v1 app-only tokens (RS256, `iss` `https://sts.windows.net/{tid}/`)
 * and publishes its key as a JWKS.
 *
 * @internal
 */
export class AccessTokenIssuer {
  readonly #privateKey: CryptoKey;
  readonly #publicJwk: JWK;
  readonly #keyId: string;

  private constructor(privateKey: CryptoKey, publicJwk: JWK, keyId: string) {
    this.#privateKey = privateKey;
    this.#publicJwk = publicJwk;
    this.#keyId = keyId;
  }

  static async create(): Promise<AccessTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = await exportJWK(publicKey);
    // Entra's key ids are the base64url SHA-1 thumbprint of the signing certificate; a digest of the key will do.
    const keyId = createHash("sha1").update(`${jwk.n}.${jwk.e}`).digest("base64url");
    return new AccessTokenIssuer(
      privateKey,
      { kty: "RSA", use: "sig", kid: keyId, x5t: keyId, n: jwk.n, e: jwk.e },
      keyId,
    );
  }

  /** The keys document served at `/{tenant}/discovery/v2.0/keys`. */
  jwks(issuer?: string): { keys: (JWK & { issuer?: string })[] } {
    return { keys: [issuer ? { ...this.#publicJwk, issuer } : { ...this.#publicJwk }] };
  }

  /** Signs an access token. */
  async issue(request: AccessTokenRequest): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const issuer = `https://sts.windows.net/${request.tenantId}/`;
    const payload: JWTPayload = {
      aud: request.resource,
      iss: issuer,
      iat: now,
      nbf: now,
      exp: now + request.lifetimeSeconds,
      aio: randomBytes(36).toString("base64"),
      appid: request.clientId,
      appidacr: "2",
      idp: issuer,
      idtyp: "app",
      oid: request.objectId,
      rh: `0.${randomBytes(24).toString("base64url")}.`,
      sub: request.objectId,
      tid: request.tenantId,
      uti: randomBytes(16).toString("base64url"),
      ver: "1.0",
      ...(request.clientCapabilities?.length ? { xms_cc: [...request.clientCapabilities] } : {}),
    };
    return new SignJWT(payload)
      .setProtectedHeader({ typ: "JWT", alg: "RS256", x5t: this.#keyId, kid: this.#keyId })
      .sign(this.#privateKey);
  }

  /**
   * Signs a managed identity's access token shaped like Entra's v2 app-only tokens: `iss`
   * `{authorityHost}/{tid}/v2.0`, `sub` and `oid` the identity's object (principal) id, `azp` its
   * client id, `tid` its home tenant, `aud` the resource asked for.
   *
   * @see https://github.com/AzureAD/microsoft-identity-web/issues/2551 (a token from IMDS for
   *   `api://AzureADTokenExchange`: `iss` `https://login.microsoftonline.com/{tenant}/v2.0`, `sub` = `oid` = the principal id)
   */
  async issueManagedIdentityToken(
    authorityHost: string,
    request: ManagedIdentityTokenRequest,
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      aud: request.resource,
      iss: `${authorityHost}/${request.tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + request.lifetimeSeconds,
      aio: randomBytes(36).toString("base64"),
      azp: request.clientId,
      azpacr: "2",
      idtyp: "app",
      oid: request.principalId,
      rh: `0.${randomBytes(24).toString("base64url")}.`,
      sub: request.principalId,
      tid: request.tenantId,
      uti: randomBytes(16).toString("base64url"),
      ver: "2.0",
      ...(request.resourceId ? { xms_mirid: request.resourceId } : {}),
    };
    return new SignJWT(payload)
      .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: this.#keyId })
      .sign(this.#privateKey);
  }

  /** Verifies a token this issuer signed: signature, lifetime, and an `iss` of the sts.windows.net form. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [this.#publicJwk] }), {
      algorithms: ["RS256"],
    });
    if (typeof payload.tid !== "string" || payload.iss !== `https://sts.windows.net/${payload.tid}/`) {
      throw new TypeError(`unexpected access token issuer ${JSON.stringify(payload.iss)}`);
    }
    return payload;
  }
}
