import { redact } from "../redact";

/**
 * The claims of an external OIDC token (a client assertion), read without verifying its signature.
 * `iss`, `sub` and `aud` are always present; every other claim the platform put in the token is kept.
 *
 * @example
 * ```ts
 * const claims: AssertionClaims = decodeAssertion(jwt);
 * console.log(claims.iss, claims.sub, claims.aud, claims.exp);
 * ```
 */
export interface AssertionClaims {
  /** The issuer, e.g. `https://token.actions.githubusercontent.com`. */
  readonly iss: string;
  /** The subject, e.g. `repo:contoso/app:ref:refs/heads/main`. */
  readonly sub: string;
  /** The audience or audiences, e.g. `api://AzureADTokenExchange`. */
  readonly aud: string | string[];
  /** Expiry, in seconds since the epoch. */
  readonly exp?: number | undefined;
  /** Not before, in seconds since the epoch. */
  readonly nbf?: number | undefined;
  /** Issued at, in seconds since the epoch. */
  readonly iat?: number | undefined;
  /** Any other claim, e.g. GitHub's `job_workflow_ref` or GitLab's `project_path`. */
  readonly [claim: string]: unknown;
}

/**
 * Why a string is not a usable assertion.
 *
 * @example
 * ```ts
 * const reason: InvalidAssertionReason = "not-three-parts";
 * ```
 */
export type InvalidAssertionReason =
  | "not-a-string"
  | "empty"
  | "whitespace"
  | "not-three-parts"
  | "bad-base64url"
  | "not-json"
  | "not-an-object"
  | "missing-claim"
  | "invalid-claim";

/**
 * Thrown by {@link decodeAssertion} when its input is not a JWT with `iss`, `sub` and `aud`. The
 * message says which part is wrong, what was expected and how to fix it; it never contains the
 * input, which is a secret.
 *
 * @example
 * ```ts
 * try {
 *   decodeAssertion(token);
 * } catch (error) {
 *   if (error instanceof InvalidAssertionError) console.log(error.reason, error.field);
 * }
 * ```
 */
export class InvalidAssertionError extends TypeError {
  override readonly name = "InvalidAssertionError";
  /** What is wrong, as a stable code. */
  readonly reason: InvalidAssertionReason;
  /** The part at fault: `assertion`, `assertion.header`, `assertion.payload` or `assertion.claims.<name>`. */
  readonly field: string;
  /** What was expected instead. */
  readonly expected: string;

  constructor(details: {
    reason: InvalidAssertionReason;
    field: string;
    problem: string;
    expected: string;
    fix: string;
    cause?: unknown;
  }) {
    super(
      redact(
        `Invalid ${details.field}: ${details.problem}; expected ${details.expected}. Fix: ${details.fix}.`,
      ),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.reason = details.reason;
    this.field = details.field;
    this.expected = details.expected;
  }
}

const JWT_SHAPE = "a JWT: three base64url parts (header.payload.signature) separated by dots";
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const PART_NAMES = ["header", "payload", "signature"] as const;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads the claims of a JWT without verifying it (Entra verifies it; azfed only explains). Throws
 * {@link InvalidAssertionError} for anything that is not a JWT whose payload carries string `iss`
 * and `sub` claims and an `aud` claim, and whose `exp`, `nbf` and `iat`, when present, are numbers.
 *
 * @example
 * ```ts
 * const { iss, sub, aud, exp } = decodeAssertion(await provider.getAssertion({ audience }));
 * console.log(`token for ${sub} from ${iss}, expires ${new Date((exp ?? 0) * 1000).toISOString()}`);
 * ```
 */
export function decodeAssertion(jwt: string): AssertionClaims {
  checkShape(jwt);
  const [header = "", payload = ""] = jwt.split(".");
  decodeJsonPart(header, "header");
  return checkClaims(decodeJsonPart(payload, "payload"));
}

/**
 * Reads the protected header of a JWT (`alg`, `kid`, `typ`, …) without verifying it; throws
 * {@link InvalidAssertionError} as {@link decodeAssertion} does for anything that is not a JWT.
 *
 * @example
 * ```ts
 * const { alg, kid } = decodeAssertionHeader(jwt);
 * ```
 */
export function decodeAssertionHeader(jwt: string): Readonly<Record<string, unknown>> {
  checkShape(jwt);
  return decodeJsonPart(jwt.split(".")[0] ?? "", "header");
}

function checkShape(jwt: unknown): asserts jwt is string {
  if (typeof jwt !== "string") {
    throw new InvalidAssertionError({
      reason: "not-a-string",
      field: "assertion",
      problem: `got a value of type ${jwt === null ? "null" : typeof jwt}`,
      expected: `${JWT_SHAPE}, as a string`,
      fix: "pass the token text itself (for example the `value` field of GitHub's answer)",
    });
  }
  if (jwt.trim() === "") {
    throw new InvalidAssertionError({
      reason: "empty",
      field: "assertion",
      problem: jwt === "" ? "it is empty" : "it is only whitespace",
      expected: JWT_SHAPE,
      fix: "check that the platform handed out a token: the token file is not empty, the variable is set and mapped into the job",
    });
  }
  if (jwt !== jwt.trim()) {
    throw new InvalidAssertionError({
      reason: "whitespace",
      field: "assertion",
      problem: "it has leading or trailing whitespace (often the newline at the end of a token file)",
      expected: `${JWT_SHAPE}, with nothing around it`,
      fix: "trim the token before passing it",
    });
  }
  if (jwt.startsWith("{") || jwt.startsWith("[")) {
    throw new InvalidAssertionError({
      reason: "not-three-parts",
      field: "assertion",
      problem: "it is JSON, not a JWT",
      expected: JWT_SHAPE,
      fix: "pass the token field of the answer (GitHub's `value`, Azure DevOps' `oidcToken`), not the whole answer",
    });
  }
  if (jwt.startsWith("<")) {
    throw new InvalidAssertionError({
      reason: "not-three-parts",
      field: "assertion",
      problem: "it is an HTML or XML document, not a JWT",
      expected: JWT_SHAPE,
      fix: "the token service answered with a page instead of a token; check its URL and the request token",
    });
  }
  const parts = jwt.split(".");
  if (parts.length !== 3) {
    throw new InvalidAssertionError({
      reason: "not-three-parts",
      field: "assertion",
      problem:
        parts.length === 5
          ? "it has 5 dot-separated parts: an encrypted JWT (JWE), which Entra does not accept"
          : `it has ${parts.length} dot-separated part${parts.length === 1 ? "" : "s"} (${characters(jwt.length)})`,
      expected: JWT_SHAPE,
      fix:
        parts.length === 5
          ? "ask the platform for a signed (not encrypted) OIDC token"
          : "pass the complete token; check that it was not cut short or joined with other text",
    });
  }
  for (const [index, part] of parts.entries()) {
    const which = PART_NAMES[index] ?? "signature";
    if (part === "" && which !== "signature") {
      throw new InvalidAssertionError({
        reason: "bad-base64url",
        field: `assertion.${which}`,
        problem: `the ${which} part is empty`,
        expected: JWT_SHAPE,
        fix: "pass the complete token as the platform issued it",
      });
    }
    if (!BASE64URL.test(part)) {
      const position = [...part].findIndex((character) => !BASE64URL.test(character));
      const character = part[position] ?? "";
      const what =
        character === "="
          ? "base64 padding '='"
          : character === "+" || character === "/"
            ? `the standard-base64 character '${character}' (base64url uses '-' and '_')`
            : /\s/.test(character)
              ? "whitespace"
              : "a character outside the base64url alphabet";
      throw new InvalidAssertionError({
        reason: "bad-base64url",
        field: `assertion.${which}`,
        problem: `the ${which} part has ${what} at position ${position}`,
        expected: `${JWT_SHAPE}, unpadded`,
        fix: "pass the token exactly as the platform issued it, without re-encoding it",
      });
    }
  }
}

function characters(count: number): string {
  return `${count} character${count === 1 ? "" : "s"}`;
}

/** Decodes one base64url part of a JWT to a JSON object, or says precisely why it is not one. */
function decodeJsonPart(part: string, which: "header" | "payload"): Record<string, unknown> {
  let bytes: Uint8Array;
  try {
    bytes = base64UrlDecode(part);
  } catch (cause) {
    throw new InvalidAssertionError({
      reason: "bad-base64url",
      field: `assertion.${which}`,
      problem: `the ${which} part is not valid base64url (${characters(part.length)})`,
      expected: JWT_SHAPE,
      fix: "pass the complete token; a token cut short often has a part of impossible length",
      cause,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes));
  } catch (cause) {
    throw new InvalidAssertionError({
      reason: "not-json",
      field: `assertion.${which}`,
      problem: `the ${which} part does not decode to JSON`,
      expected: `${JWT_SHAPE}, whose ${which} is a JSON object`,
      fix: "make sure the value is an OIDC token (a JWT), not an opaque access token or another kind of secret",
      cause,
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidAssertionError({
      reason: "not-an-object",
      field: `assertion.${which}`,
      problem: `the ${which} part decodes to JSON ${Array.isArray(parsed) ? "array" : parsed === null ? "null" : typeof parsed}, not an object`,
      expected: `${JWT_SHAPE}, whose ${which} is a JSON object`,
      fix: "make sure the value is an OIDC token (a JWT)",
    });
  }
  return parsed as Record<string, unknown>;
}

/** base64url (RFC 4648 §5, unpadded) to bytes; throws on a length no encoder produces. */
function base64UrlDecode(part: string): Uint8Array {
  if (part.length % 4 === 1) throw new RangeError(`impossible base64url length ${part.length}`);
  const binary = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

function checkClaims(payload: Record<string, unknown>): AssertionClaims {
  for (const claim of ["iss", "sub"] as const) {
    const value = payload[claim];
    if (value === undefined || value === "") missingClaim(claim);
    if (typeof value !== "string") invalidClaim(claim, value, "a non-empty string");
  }
  const aud = payload.aud;
  if (aud === undefined || aud === "" || (Array.isArray(aud) && aud.length === 0)) missingClaim("aud");
  if (
    typeof aud !== "string" &&
    !(Array.isArray(aud) && aud.every((entry) => typeof entry === "string" && entry !== ""))
  ) {
    invalidClaim("aud", aud, "a string or an array of strings");
  }
  for (const claim of ["exp", "nbf", "iat"] as const) {
    const value = payload[claim];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
      invalidClaim(claim, value, "a number of seconds since the epoch");
    }
  }
  return payload as AssertionClaims;
}

const CLAIM_MEANING: Readonly<Record<string, string>> = {
  iss: "the issuer URL",
  sub: "the subject",
  aud: "the audience",
};

function missingClaim(claim: string): never {
  throw new InvalidAssertionError({
    reason: "missing-claim",
    field: `assertion.claims.${claim}`,
    problem: `the token has no \`${claim}\` claim (${CLAIM_MEANING[claim] ?? claim})`,
    expected: "an OIDC token carrying iss, sub and aud",
    fix: "use the platform's OIDC token for workload identity federation, not another kind of token",
  });
}

function invalidClaim(claim: string, value: unknown, expected: string): never {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = typeof value;
  }
  throw new InvalidAssertionError({
    reason: "invalid-claim",
    field: `assertion.claims.${claim}`,
    problem: `the \`${claim}\` claim is ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`,
    expected,
    fix: "use the platform's OIDC token for workload identity federation, not another kind of token",
  });
}
