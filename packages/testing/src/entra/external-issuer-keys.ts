import { compactVerify, createLocalJWKSet, errors, type JSONWebKeySet } from "jose";
import { type Dispatcher, fetch } from "undici";
import { refuse } from "./entra-error";

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

const FETCH_TIMEOUT_MS = 10_000;
/** The hosts the emulator fetches from: nothing leaves loopback. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const SUPPORTED_ALGORITHMS = ["RS256"];

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
      const keys = createLocalJWKSet(jwks);
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
