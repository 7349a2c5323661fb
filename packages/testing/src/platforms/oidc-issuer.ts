import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { JwtClaims } from "../jwt-claims";
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
  readonly lifetimeSeconds?: number | undefined;
  /** `iat` (and `nbf`), epoch seconds. Default now. */
  readonly issuedAt?: number | undefined;
  /** Issued so that `exp` lies ten minutes in the past. */
  readonly expired?: boolean | undefined;
  /** `nbf` (and `iat`) ten minutes in the future. */
  readonly notYetValid?: boolean | undefined;
  /** Signed by a key that is not in the JWKS (the header still names the current key id). */
  readonly wrongKey?: boolean | undefined;
  /** The `kid` header. Default the current signing key's id. */
  readonly kid?: string | undefined;
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
  mint(claims: JwtClaims, options?: MintOptions): Promise<string>;
  /** Makes a new key the signing key; the old keys stay in the JWKS until {@link OidcIssuer.dropOldKeys}. */
  rotateKeys(): Promise<void>;
  /** Removes every key but the current signing key from the JWKS. */
  dropOldKeys(): void;
  /** How many requests an endpoint has answered (faults included). */
  count(endpoint: OidcIssuerEndpoint): number;
  /** Makes the next `count` requests (any endpoint) fail with `response`, or drop the connection. */
  failNext(count: number, response: InjectedFault): void;
  /**
   * Serves a discovery document or key set Entra cannot use, until called with `"none"` (see
   * {@link OidcIssuerMisconfiguration}): what `azfed doctor --issuer` must find.
   */
  misconfigure(mode: OidcIssuerMisconfiguration): void;
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
  readonly path?: string | undefined;
  /** Whether `iss` ends with `/` (as AKS issuers do). Default false. */
  readonly trailingSlash?: boolean | undefined;
  /** The CA that signs the server certificate. Default: {@link testCertificateAuthority}(). */
  readonly ca?: TestCertificateAuthority | undefined;
  /** Default 0: a free port. */
  readonly port?: number | undefined;
}

/**
 * How {@link OidcIssuer.misconfigure} breaks the issuer, each a way Entra cannot use it:
 * - `issuer-trailing-slash`: the document's `issuer` has a trailing slash the URL lacks;
 * - `other-issuer`: the document names another issuer, with a terminal escape sequence in it;
 * - `no-jwks-uri`: the document has no `jwks_uri`;
 * - `jwks-not-found`: the key set answers 404;
 * - `es256-keys`: the key set holds only an EC key, and {@link OidcIssuer.mint} signs with it (ES256),
 *   as a SPIRE server does by default;
 * - `encryption-keys`: every key says `use: "enc"`;
 * - `keys-without-use`: the keys have no `use` (SPIRE's OIDC discovery provider without `set_key_use`);
 * - `not-json`: the document is an HTML page;
 * - `huge-discovery`: the document is 2 MiB.
 *
 * @example
 * ```ts
 * issuer.misconfigure("issuer-trailing-slash");
 * ```
 */
export type OidcIssuerMisconfiguration =
  | "none"
  | "issuer-trailing-slash"
  | "other-issuer"
  | "no-jwks-uri"
  | "jwks-not-found"
  | "es256-keys"
  | "encryption-keys"
  | "keys-without-use"
  | "not-json"
  | "huge-discovery";

interface SigningKey {
  readonly kid: string;
  readonly alg: "RS256" | "ES256";
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
  let ellipticKey: SigningKey | undefined;
  const faults = new FaultInjector();
  let misconfiguration: OidcIssuerMisconfiguration = "none";
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
        serveDiscovery(response, misconfiguration, issuer, jwksUri);
      } else if (endpoint === "keys") {
        serveKeys(response, misconfiguration, keys, ellipticKey);
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
    async mint(claims: JwtClaims, mintOptions: MintOptions = {}): Promise<string> {
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
      // The header names the key the JWKS publishes for it, also when `wrongKey` signs with another.
      let signer = current();
      if (misconfiguration === "es256-keys") {
        ellipticKey ??= await createSigningKey("ES256");
        signer = ellipticKey;
      }
      const kid = signer.kid;
      if (mintOptions.wrongKey) {
        strayKey ??= await createSigningKey();
        signer = strayKey;
      }
      const payload: JwtClaims = {
        iss: issuer,
        iat: issuedAt,
        nbf: issuedAt,
        exp: issuedAt + lifetime,
        jti: randomUUID(),
        ...claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: signer.alg, typ: "JWT", kid: mintOptions.kid ?? kid })
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
    misconfigure(mode: OidcIssuerMisconfiguration): void {
      if (!MISCONFIGURATIONS.includes(mode)) {
        throw new InvalidEmulatorOptionError({
          field: "mode",
          value: mode,
          expected: `one of ${MISCONFIGURATIONS.join(", ")}`,
          fix: 'pass e.g. "issuer-trailing-slash", or "none" to serve the issuer correctly again',
        });
      }
      misconfiguration = mode;
    },
    close: () => server.close(),
  };
}

const MISCONFIGURATIONS: readonly OidcIssuerMisconfiguration[] = [
  "none",
  "issuer-trailing-slash",
  "other-issuer",
  "no-jwks-uri",
  "jwks-not-found",
  "es256-keys",
  "encryption-keys",
  "keys-without-use",
  "not-json",
  "huge-discovery",
];

function serveDiscovery(
  response: ServerResponse,
  mode: OidcIssuerMisconfiguration,
  issuer: string,
  jwksUri: string,
): void {
  if (mode === "not-json") {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<html><body>Sign in</body></html>");
    return;
  }
  const document = discoveryDocument(
    mode === "issuer-trailing-slash"
      ? `${issuer.replace(/\/+$/, "")}/`
      : mode === "other-issuer"
        ? "https://issuer.example\u001b[31m.invalid"
        : issuer,
    jwksUri,
  );
  if (mode === "no-jwks-uri") delete document.jwks_uri;
  if (mode === "huge-discovery") document.padding = "x".repeat(2 * 1024 * 1024);
  sendJson(response, 200, document);
}

function serveKeys(
  response: ServerResponse,
  mode: OidcIssuerMisconfiguration,
  keys: readonly SigningKey[],
  ellipticKey: SigningKey | undefined,
): void {
  if (mode === "jwks-not-found") {
    sendJson(response, 404, { error: "not_found" });
    return;
  }
  if (mode === "es256-keys") {
    // The EC key tokens are signed with once minted in this mode; before that, an EC public key's
    // shape (P-256 coordinates of the right length). RS256 can use neither.
    const published = ellipticKey?.publicJwk ?? {
      kty: "EC",
      crv: "P-256",
      x: "A".repeat(43),
      y: "B".repeat(43),
      kid: "es256-key",
      alg: "ES256",
      use: "sig",
    };
    sendJson(response, 200, { keys: [published] });
    return;
  }
  const published = keys.map((key): JWK => {
    if (mode === "encryption-keys") return { ...key.publicJwk, use: "enc" };
    if (mode === "keys-without-use") {
      const { use: _use, ...withoutUse } = key.publicJwk;
      return withoutUse;
    }
    return key.publicJwk;
  });
  sendJson(response, 200, { keys: published });
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

async function createSigningKey(alg: "RS256" | "ES256" = "RS256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, alg, privateKey, publicJwk: { ...jwk, kid, use: "sig", alg } };
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
