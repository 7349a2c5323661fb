import { HttpRequestError, MAX_FIC_FIELD_LENGTH } from "@azfed/core";
import { type HttpRequest, type HttpResponse, sendRequest, shorten } from "@azfed/core/provider";

/**
 * One thing `azfed doctor --issuer` checked about an issuer, and what it found.
 *
 * @example
 * ```ts
 * const finding: IssuerFinding = { check: "https", ok: true, message: "the issuer is an https URL" };
 * ```
 */
export interface IssuerFinding {
  /** What was checked, e.g. `discovery-reachable` or `keys-rs256`. */
  readonly check: IssuerCheck;
  /** `false`: Entra cannot use the issuer as it is (a problem); `"warning"`: it may, but look. */
  readonly ok: boolean | "warning";
  /** What was found and, when not ok, how to fix it; outside values quoted and escaped. */
  readonly message: string;
}

/**
 * The checks, in the order they run.
 *
 * @example
 * ```ts
 * const check: IssuerCheck = "issuer-matches";
 * ```
 */
export type IssuerCheck =
  | "https"
  | "discovery-reachable"
  | "discovery-json"
  | "issuer-matches"
  | "jwks-uri"
  | "jwks-reachable"
  | "jwks-json"
  | "keys-rs256"
  | "keys-use"
  | "signing-algorithms";

/**
 * Options of {@link checkIssuer}.
 *
 * @example
 * ```ts
 * const options: IssuerPreflightOptions = { timeoutMs: 10_000 };
 * ```
 */
export interface IssuerPreflightOptions {
  /** The budget of each request (discovery, keys). Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** For tests and proxies: the undici dispatcher of both requests. */
  readonly dispatcher?: HttpRequest["dispatcher"] | undefined;
}

/**
 * The largest discovery document or key set read. Entra documents no size limit for either; real
 * ones are a few KiB (GitHub's key set holds a handful of keys), so 256 KiB bounds the work with room.
 */
export const MAX_ISSUER_DOCUMENT_BYTES = 256 * 1024;
/** The most keys listed one by one; a key set with more is summarised. */
const MAX_KEYS_SHOWN = 20;

/**
 * Checks what Microsoft Entra needs of an OIDC issuer before it can trust its tokens: an https
 * issuer; `{issuer}/.well-known/openid-configuration` reachable and JSON; its `issuer` equal to
 * the URL given, character for character; its `jwks_uri` https, reachable and a JWK set; RSA keys
 * for RS256 that say `"use": "sig"`. Each request is bounded in time and size and
 * follows redirects only within the same origin; nothing is sent but two GETs.
 *
 * Entra fetches the discovery document and the keys itself, from the internet: an issuer only
 * reachable inside a network (self-managed GitLab, a cluster's API server) is refused with
 * AADSTS50166 / 501661 ("Request to External OIDC endpoint failed") even when this check passes on
 * the machine it runs on.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-considerations
 *   ("Only issuers that provide tokens signed using the RS256 algorithm are supported for token
 *   exchange using workload identity federation."; stored version ms.date 08/11/2023, checked 2026-12-07;
 *   entra-docs commit 915544eff10ecb0bbb52371db58c86a86acfd4a3, ms.date 02/28/2024, checked 2026-12-07)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-spiffe-spire
 *   (entra-docs commit 129d8b4e8ace4ce601ca2a57bebf969a8d6a87f7, ms.date 08/12/2026, checked
 *   2026-12-07): "Microsoft Entra ID expects this parameter on the signing keys in the OIDC discovery
 *   document's JWKS" (`"use": "sig"`); a key without it is not found, AADSTS700027
 *   (XenitAB/aad-oidc-identity src/key/key.go, commit 1a421e1e5ab97787eb1dfa41c62357c9f0100d95)
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html (section 4: the document's `issuer`
 *   must be identical to the issuer URL it was retrieved from)
 *
 * @example
 * ```ts
 * const findings = await checkIssuer("https://token.actions.githubusercontent.com");
 * findings.filter((finding) => finding.ok === false); // [] when Entra can use it
 * ```
 */
export async function checkIssuer(
  issuer: string,
  options: IssuerPreflightOptions = {},
): Promise<IssuerFinding[]> {
  const findings: IssuerFinding[] = [];
  const found = (check: IssuerCheck, ok: boolean | "warning", message: string): boolean => {
    findings.push({ check, ok, message });
    return ok !== false;
  };
  const url = parseIssuer(issuer);
  if (typeof url === "string") {
    found("https", false, url);
    return findings;
  }
  found("https", true, `the issuer ${quoted(issuer)} is an https URL`);

  const discoveryUrl = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const discovery = await fetchJson(discoveryUrl, "discovery document", options);
  if (!found("discovery-reachable", discovery.ok, discovery.message)) return findings;
  const document = discovery.json;
  if (!isRecord(document)) {
    found(
      "discovery-json",
      false,
      `${quoted(discoveryUrl)} is not a JSON object. Fix: serve the OpenID Provider Metadata there`,
    );
    return findings;
  }
  found("discovery-json", true, `${quoted(discoveryUrl)} is a JSON object`);
  checkIssuerClaim(issuer, document.issuer, found);

  const jwksUri = document.jwks_uri;
  const jwksUrl = typeof jwksUri === "string" ? parseHttps(jwksUri) : undefined;
  if (jwksUrl === undefined) {
    found(
      "jwks-uri",
      false,
      `the discovery document's jwks_uri is ${describe(jwksUri)}; Entra reads the signing keys from it. Fix: set jwks_uri to the https URL of the key set`,
    );
    return findings;
  }
  found("jwks-uri", true, `jwks_uri is ${quoted(jwksUri as string)}`);
  const keys = await fetchJson(jwksUrl.href, "key set", options);
  if (!found("jwks-reachable", keys.ok, keys.message)) return findings;
  const list = isRecord(keys.json) ? keys.json.keys : undefined;
  if (!Array.isArray(list)) {
    found(
      "jwks-json",
      false,
      `the key set is not a JSON object with a keys array. Fix: serve { "keys": [ … ] } (RFC 7517) at jwks_uri`,
    );
    return findings;
  }
  found("jwks-json", true, `the key set holds ${list.length} key${list.length === 1 ? "" : "s"}`);
  checkKeys(list, found);
  checkSigningAlgorithms(document.id_token_signing_alg_values_supported, found);
  return findings;
}

function checkIssuerClaim(
  issuer: string,
  claimed: unknown,
  found: (check: IssuerCheck, ok: boolean | "warning", message: string) => boolean,
): void {
  if (claimed === issuer) {
    found("issuer-matches", true, `the document's issuer is ${quoted(issuer)}, exactly the URL given`);
    return;
  }
  const hint =
    typeof claimed === "string" && claimed.replace(/\/+$/, "") === issuer.replace(/\/+$/, "")
      ? " (they differ only in the trailing slash: tokens carry the document's form, and so must the federated credential)"
      : typeof claimed === "string" && claimed.toLowerCase() === issuer.toLowerCase()
        ? " (they differ only in letter case; Entra compares issuers exactly)"
        : "";
  found(
    "issuer-matches",
    false,
    `the document's issuer is ${describe(claimed)}, not ${quoted(issuer)}${hint}. Fix: use the document's issuer, the tokens' iss, in the federated credential, or make the issuer publish its own URL`,
  );
}

function checkKeys(
  keys: readonly unknown[],
  found: (check: IssuerCheck, ok: boolean | "warning", message: string) => boolean,
): void {
  const usable: string[] = [];
  const unusable: string[] = [];
  const notForSigning: string[] = [];
  const withoutUse: string[] = [];
  let signingRsaKeys = 0;
  for (const [index, key] of keys.entries()) {
    const name = isRecord(key) && typeof key.kid === "string" ? `kid ${quoted(key.kid)}` : `key ${index}`;
    if (!isRecord(key)) {
      unusable.push(`${name} (not an object)`);
      continue;
    }
    const rsa =
      key.kty === "RSA" && (key.alg === undefined || key.alg === "RS256") && typeof key.n === "string";
    if (rsa) usable.push(name);
    else unusable.push(`${name} (kty ${describe(key.kty)}, alg ${describe(key.alg)})`);
    if (key.use === undefined) withoutUse.push(name);
    else if (key.use !== "sig") notForSigning.push(`${name} (use ${describe(key.use)})`);
    else if (rsa) signingRsaKeys += 1;
  }
  const list = (names: string[]) =>
    names.length > MAX_KEYS_SHOWN
      ? `${names.slice(0, MAX_KEYS_SHOWN).join(", ")} and ${names.length - MAX_KEYS_SHOWN} more`
      : names.join(", ");
  if (usable.length === 0) {
    found(
      "keys-rs256",
      false,
      `no RSA key for RS256 in the key set${unusable.length ? `; found ${list(unusable)}` : ""}. Entra supports tokens signed with RS256 only. Fix: sign tokens with an RSA key and publish it (kty RSA, alg RS256 or no alg)`,
    );
  } else {
    found(
      "keys-rs256",
      unusable.length === 0 ? true : "warning",
      `RSA keys for RS256: ${list(usable)}${unusable.length ? `; Entra cannot use ${list(unusable)}` : ""}`,
    );
  }
  if (notForSigning.length + withoutUse.length > 0) {
    const problems = [
      ...(withoutUse.length > 0
        ? [
            `keys without "use": "sig", which Entra expects on signing keys (a token signed with one is refused as if its key were not found, AADSTS700027): ${list(withoutUse)}`,
          ]
        : []),
      ...(notForSigning.length > 0
        ? [`keys whose use is not "sig" cannot verify a token: ${list(notForSigning)}`]
        : []),
    ];
    found(
      "keys-use",
      signingRsaKeys === 0 ? false : "warning",
      `${problems.join("; ")}. Fix: publish each signing key with "use": "sig" (SPIRE's OIDC discovery provider: set_key_use = true)`,
    );
  } else {
    found("keys-use", true, `every key says "use": "sig"`);
  }
}

function checkSigningAlgorithms(
  algorithms: unknown,
  found: (check: IssuerCheck, ok: boolean | "warning", message: string) => boolean,
): void {
  if (Array.isArray(algorithms) && algorithms.includes("RS256")) {
    found("signing-algorithms", true, "id_token_signing_alg_values_supported lists RS256");
  } else {
    found(
      "signing-algorithms",
      "warning",
      `id_token_signing_alg_values_supported is ${describe(algorithms)}, without RS256; Entra supports RS256 tokens only. Fix: make the issuer sign with RS256`,
    );
  }
}

interface FetchedJson {
  readonly ok: boolean;
  readonly message: string;
  readonly json?: unknown;
}

async function fetchJson(url: string, what: string, options: IssuerPreflightOptions): Promise<FetchedJson> {
  let response: HttpResponse;
  try {
    response = await sendRequest({
      url,
      headers: { accept: "application/json" },
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBodyBytes: MAX_ISSUER_DOCUMENT_BYTES,
      retry: { maxRetries: 0 },
      dispatcher: options.dispatcher,
      caller: "azfed doctor --issuer",
    });
  } catch (error) {
    const reason =
      error instanceof HttpRequestError
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error);
    return {
      ok: false,
      message: `the ${what} at ${quoted(url)} could not be read: ${escapeText(reason)}. Entra must reach it from the internet, or it refuses the exchange with AADSTS50166 / 501661`,
    };
  }
  if (response.status !== 200) {
    const moved =
      response.status >= 300 && response.status < 400
        ? ` (a redirect to ${describe(response.headers.get("location"))}; only same-origin redirects are followed)`
        : "";
    return {
      ok: false,
      message: `the ${what} at ${quoted(url)} answered HTTP ${response.status}${moved}. Fix: serve it there with status 200`,
    };
  }
  try {
    return {
      ok: true,
      message: `the ${what} at ${quoted(url)} answered 200 (${response.body.length} characters)`,
      json: JSON.parse(response.body),
    };
  } catch {
    return {
      ok: false,
      message: `the ${what} at ${quoted(url)} is not JSON. Fix: serve application/json there`,
    };
  }
}

function parseIssuer(issuer: string): URL | string {
  if (issuer.length > MAX_FIC_FIELD_LENGTH) {
    return `the issuer has ${issuer.length} characters; a federated credential's issuer holds at most ${MAX_FIC_FIELD_LENGTH}`;
  }
  if (issuer.trim() !== issuer) {
    return `the issuer ${quoted(issuer)} has leading or trailing whitespace, which blocks the exchange. Fix: remove it`;
  }
  const url = parseHttps(issuer);
  if (url === undefined) {
    return `the issuer ${quoted(issuer)} is not an https URL; Entra fetches the discovery document over https. Fix: give the issuer's https URL, as the tokens' iss carries it`;
  }
  if (url.search !== "" || url.hash !== "") {
    return `the issuer ${quoted(issuer)} has a query or fragment; an OIDC issuer has neither`;
  }
  return url;
}

function parseHttps(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.username === "" && url.password === "" ? url : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Control characters written as escapes, and long values shortened, before they reach a terminal. */
function escapeText(text: string): string {
  return shorten(text, 300).replace(
    /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
    (character) => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

function quoted(text: string): string {
  return `"${escapeText(text)}"`;
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "string") return quoted(value);
  return escapeText(shorten(JSON.stringify(value) ?? String(value), 200));
}
