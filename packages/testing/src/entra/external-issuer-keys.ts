import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet } from "jose";
import { type Dispatcher, fetch } from "undici";
import { refuse } from "./entra-error";

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

const FETCH_TIMEOUT_MS = 10_000;
/** The hosts the emulator fetches from: nothing leaves loopback. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const SUPPORTED_ALGORITHMS = ["RS256"];
/**
 * The algorithms Entra refuses with AADSTS5002738 before it looks for a key: the elliptic-curve ones,
 * which users report refused (see `refuse.unsupportedAlgorithm`). The considerations page says only
 * RS256 is supported and that other algorithms "may work, but haven't been tested"; for RS384, PS256,
 * EdDSA and the rest no source gives Entra's answer, so they keep the emulator's signature refusal.
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 *   ("Only issuers that provide tokens signed using the RS256 algorithm are supported"; entra-docs
 *   commit 915544eff10ecb0bbb52371db58c86a86acfd4a3, ms.date 02/28/2024, checked 2026-12-07)
 */
const REFUSED_ALGORITHMS = new Set(["ES256", "ES384", "ES512"]);

/**
 * Verifies external assertions the way Entra does: it reads the issuer's OIDC discovery document
 * (`{iss}/.well-known/openid-configuration`) and its `jwks_uri` over HTTPS, caches the keys per
 * issuer, and fetches them again once when a token names a key id it does not know (key rotation).
 *
 * @internal
 */
export class ExternalIssuerKeys {
  readonly #dispatcher: Dispatcher;
  readonly #cache = new Map<string, KeyResolver>();
  readonly #locations = new Map<string, string>();

  constructor(dispatcher: Dispatcher) {
    this.#dispatcher = dispatcher;
  }

  /** Checks the signature of `assertion`, whose `iss` is `issuer`. Throws an Entra refusal. */
  async verifySignature(assertion: string, issuer: string): Promise<void> {
    const { alg } = decodeProtectedHeader(assertion);
    if (typeof alg === "string" && REFUSED_ALGORITHMS.has(alg)) throw refuse.unsupportedAlgorithm(alg);
    const cached = this.#cache.get(issuer);
    const keys = cached ?? (await this.#fetchKeys(issuer));
    try {
      await compactVerify(assertion, keys, { algorithms: SUPPORTED_ALGORITHMS });
    } catch (error) {
      if (cached && error instanceof errors.JWKSNoMatchingKey) {
        // A key id not seen before: the issuer may have rotated its keys.
        this.#cache.delete(issuer);
        return this.verifySignature(assertion, issuer);
      }
      if (error instanceof errors.JWSInvalid) throw refuse.malformedAssertion();
      throw refuse.badSignature(keyId(assertion));
    }
  }

  /**
   * Verifies the tokens of `issuer` (a public issuer, never contacted) with the keys of the issuer
   * served at `location` (an emulator on loopback).
   */
  locate(issuer: string, location: string): void {
    this.#locations.set(issuer, location);
    this.#cache.delete(issuer);
  }

  /** Forgets every cached key set. */
  clear(): void {
    this.#cache.clear();
  }

  async #fetchKeys(issuer: string): Promise<KeyResolver> {
    try {
      const location = this.#locations.get(issuer) ?? issuer;
      const discoveryUrl = `${location.replace(/\/$/, "")}/.well-known/openid-configuration`;
      const discovery = await this.#getJson(discoveryUrl);
      const jwksUri = (discovery as { jwks_uri?: unknown }).jwks_uri;
      if (typeof jwksUri !== "string") throw new TypeError("discovery document without jwks_uri");
      const jwks = (await this.#getJson(jwksUri)) as JSONWebKeySet;
      const keys = createLocalJWKSet({ keys: signingKeys(jwks) });
      this.#cache.set(issuer, keys);
      return keys;
    } catch (cause) {
      throw Object.assign(refuse.issuerUnreachable(), { cause });
    }
  }

  async #getJson(url: string): Promise<unknown> {
    if (!url.startsWith("https://")) throw new TypeError(`not an https URL: ${url}`);
    if (!LOOPBACK_HOSTS.has(new URL(url).hostname)) {
      throw new TypeError(`not fetched: ${url} is not on loopback (EntraEmulator.locateIssuer maps it)`);
    }
    const response = await fetch(url, {
      dispatcher: this.#dispatcher,
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new TypeError(`${url} answered ${response.status}`);
    }
    return response.json();
  }
}

function keyId(assertion: string): string {
  try {
    const header = JSON.parse(Buffer.from(assertion.split(".")[0] ?? "", "base64url").toString("utf8")) as {
      kid?: unknown;
    };
    return typeof header.kid === "string" ? header.kid : "";
  } catch {
    return "";
  }
}

/**
 * The keys Entra verifies assertions with: those that say `"use": "sig"`. A key without `use` is not
 * found (AADSTS700027, as for an unknown key id), and neither is one whose `use` is another value
 * (RFC 7517 section 4.2: "enc" is for encryption; no source quotes Entra's answer to it).
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-spiffe-spire
 *   (entra-docs commit 129d8b4e8ace4ce601ca2a57bebf969a8d6a87f7, ms.date 08/12/2026, checked
 *   2026-12-07): "Microsoft Entra ID expects this parameter on the signing keys in the OIDC discovery
 *   document's JWKS" (`"use": "sig"`)
 * @see XenitAB/aad-oidc-identity src/key/key.go (commit 1a421e1e5ab97787eb1dfa41c62357c9f0100d95,
 *   checked 2026-12-07): before its keys had `use: sig`, Entra answered "AADSTS700027: Client assertion
 *   contains an invalid signature. [Reason - The key was not found., …" (2021-12-20)
 */
function signingKeys(jwks: JSONWebKeySet): JSONWebKeySet["keys"] {
  if (!Array.isArray(jwks?.keys)) throw new TypeError("the jwks_uri answered without a keys array");
  return jwks.keys.filter((key) => key !== null && typeof key === "object" && key.use === "sig");
}
