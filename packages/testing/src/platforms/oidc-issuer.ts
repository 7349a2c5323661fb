import { randomUUID } from "node:crypto";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type TestCertificateAuthority, testCertificateAuthority } from "../servers/certificate-authority";
import { FaultInjector, type InjectedFault } from "../servers/fault-injection";
import { startHttpsServer } from "../servers/https-server";
import { sendJson } from "../servers/json-response";

/**
 * How {@link OidcIssuer.mint} shapes a token's validity and signature.
 *
 * @example
 * ```ts
 * const expired = await issuer.mint({ sub: "repo:contoso/app:ref:refs/heads/main" }, { expired: true });
 * ```
 */
export interface MintOptions {
  /** `exp - iat`. Default 300 (five minutes). */
  readonly lifetimeSeconds?: number;
  /** `iat` (and `nbf`), epoch seconds. Default now. */
  readonly issuedAt?: number;
  /** Issued so that `exp` lies ten minutes in the past. */
  readonly expired?: boolean;
  /** `nbf` (and `iat`) ten minutes in the future. */
  readonly notYetValid?: boolean;
  /** Signed by a key that is not in the JWKS (the header still names the current key id). */
  readonly wrongKey?: boolean;
  /** The `kid` header. Default the current signing key's id. */
  readonly kid?: string;
}

/**
 * Which issuer endpoint {@link OidcIssuer.count} counts.
 *
 * @example
 * ```ts
 * const endpoint: OidcIssuerEndpoint = "keys";
 * issuer.count(endpoint);
 * ```
 */
export type OidcIssuerEndpoint = "openid-configuration" | "keys";

/**
 * A running OIDC issuer: an HTTPS discovery document and JWKS, and RS256 tokens minted with any claims.
 *
 * @example
 * ```ts
 * const issuer = await startOidcIssuer({ path: "/_services/token" });
 * const token = await issuer.mint({ sub: "repo:contoso/app:environment:prod", aud: "api://AzureADTokenExchange" });
 * await issuer.close();
 * ```
 */
export interface OidcIssuer {
  /** The `iss` value, e.g. `https://127.0.0.1:PORT/_services/token` (trailing slash kept if asked for). */
  readonly issuer: string;
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** Where the JWKS is served. */
  readonly jwksUri: string;
  /** The CA that signed the server certificate. */
  readonly ca: TestCertificateAuthority;
  /**
   * Signs a JWT with RS256. Sets `iss` (the issuer), `iat`, `nbf`, `exp` and `jti` unless `claims`
   * gives them.
   */
  mint(claims: JWTPayload, options?: MintOptions): Promise<string>;
  /** Makes a new key the signing key; the old keys stay in the JWKS until {@link OidcIssuer.dropOldKeys}. */
  rotateKeys(): Promise<void>;
  /** Removes every key but the current signing key from the JWKS. */
  dropOldKeys(): void;
  /** How many requests an endpoint has answered (faults included). */
  count(endpoint: OidcIssuerEndpoint): number;
  /** Makes the next `count` requests (any endpoint) fail with `response`, or drop the connection. */
  failNext(count: number, response: InjectedFault): void;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

/**
 * Options of {@link startOidcIssuer}.
 *
 * @example
 * ```ts
 * const options: OidcIssuerOptions = { path: "/contoso", trailingSlash: true };
 * ```
 */
export interface OidcIssuerOptions {
  /** A path under the host, e.g. `/_services/token`. Default none: the issuer is the origin. */
  readonly path?: string;
  /** Whether `iss` ends with `/` (as AKS issuers do). Default false. */
  readonly trailingSlash?: boolean;
  /** The CA that signs the server certificate. Default: {@link testCertificateAuthority}(). */
  readonly ca?: TestCertificateAuthority;
  /** Default 0: a free port. */
  readonly port?: number;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

const SKEW_SHIFT_SECONDS = 600;

/**
 * Starts an OIDC issuer on `https://127.0.0.1:PORT{path}` serving
 * `{issuer}/.well-known/openid-configuration` and `{issuer}/.well-known/jwks`.
 *
 * @example
 * ```ts
 * const issuer = await startOidcIssuer({ path: "/_services/token" });
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "main", issuer: issuer.issuer, subject: "repo:contoso/app:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * const assertion = await issuer.mint({ sub: "repo:contoso/app:ref:refs/heads/main", aud: "api://AzureADTokenExchange" });
 * ```
 */
export async function startOidcIssuer(options: OidcIssuerOptions = {}): Promise<OidcIssuer> {
  const path = checkPath(options.path ?? "");
  const ca = options.ca ?? (await testCertificateAuthority());
  const keys: SigningKey[] = [await createSigningKey()];
  let strayKey: SigningKey | undefined;
  const faults = new FaultInjector();
  const counts: Record<OidcIssuerEndpoint, number> = { "openid-configuration": 0, keys: 0 };
  const discoveryPath = `${path}/.well-known/openid-configuration`;
  const jwksPath = `${path}/.well-known/jwks`;

  const server = await startHttpsServer(
    (request, response) => {
      const pathname = new URL(request.url ?? "/", "https://localhost").pathname;
      const endpoint: OidcIssuerEndpoint | undefined =
        pathname === discoveryPath ? "openid-configuration" : pathname === jwksPath ? "keys" : undefined;
      if (endpoint) counts[endpoint]++;
      if (faults.serveNext(response)) return;
      if (request.method !== "GET" && request.method !== "HEAD") {
        sendJson(response, 405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
      } else if (endpoint === "openid-configuration") {
        sendJson(response, 200, discoveryDocument(issuer, jwksUri));
      } else if (endpoint === "keys") {
        sendJson(response, 200, { keys: keys.map((key) => key.publicJwk) });
      } else {
        sendJson(response, 404, { error: "not_found", path: pathname });
      }
    },
    { ca, port: options.port },
  );
  const issuer = `${server.url}${path}${options.trailingSlash ? "/" : ""}`;
  const jwksUri = `${server.url}${jwksPath}`;

  const current = (): SigningKey => keys[keys.length - 1] as SigningKey;

  return {
    issuer,
    url: server.url,
    jwksUri,
    ca,
    async mint(claims: JWTPayload, mintOptions: MintOptions = {}): Promise<string> {
      const lifetime = mintOptions.lifetimeSeconds ?? 300;
      if (!Number.isInteger(lifetime) || lifetime <= 0) {
        throw new InvalidEmulatorOptionError({
          field: "lifetimeSeconds",
          value: lifetime,
          expected: "a positive integer number of seconds",
          fix: "pass e.g. 300, or { expired: true } for an expired token",
        });
      }
      let issuedAt = mintOptions.issuedAt ?? Math.floor(Date.now() / 1000);
      if (mintOptions.expired) issuedAt -= lifetime + SKEW_SHIFT_SECONDS;
      if (mintOptions.notYetValid) issuedAt += SKEW_SHIFT_SECONDS;
      let signer = current();
      if (mintOptions.wrongKey) {
        strayKey ??= await createSigningKey();
        signer = strayKey;
      }
      const payload: JWTPayload = {
        iss: issuer,
        iat: issuedAt,
        nbf: issuedAt,
        exp: issuedAt + lifetime,
        jti: randomUUID(),
        ...claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: mintOptions.kid ?? current().kid })
        .sign(signer.privateKey);
    },
    async rotateKeys(): Promise<void> {
      keys.push(await createSigningKey());
    },
    dropOldKeys(): void {
      keys.splice(0, keys.length - 1);
    },
    count(endpoint: OidcIssuerEndpoint): number {
      return counts[endpoint];
    },
    failNext(count: number, response: InjectedFault): void {
      faults.failNext(count, response);
    },
    close: () => server.close(),
  };
}

function discoveryDocument(issuer: string, jwksUri: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: jwksUri,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid"],
    claims_supported: ["sub", "aud", "exp", "iat", "iss", "jti", "nbf"],
  };
}

async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, use: "sig", alg: "RS256" } };
}

function checkPath(path: string): string {
  if (typeof path !== "string" || (path !== "" && !/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+\/?$/.test(path))) {
    throw new InvalidEmulatorOptionError({
      field: "path",
      value: path,
      expected: 'an absolute URL path such as "/_services/token" (no query, no fragment)',
      fix: 'start it with "/", or pass "" for an issuer at the origin',
    });
  }
  return path.replace(/\/+$/, "");
}
