import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { ConformanceCase } from "./conformance-case";

/** The longest token accepted: real OIDC tokens are a few kilobytes. */
const MAX_TOKEN_LENGTH = 16_384;
const BASE64URL_PART = /^[A-Za-z0-9_-]+$/;

/**
 * Options of {@link conformanceCaseFromToken}.
 *
 * @example
 * ```ts
 * const options: ConformanceCaseFromTokenOptions = {
 *   id: "push-to-main",
 *   title: "a push to main presents repo:{owner}/{repo}:ref:refs/heads/main",
 *   redact: { "contoso-internal": "contoso", "123456789": "123456" },
 * };
 * ```
 */
export interface ConformanceCaseFromTokenOptions {
  /** The case's id: lower-case words joined by `-`. */
  readonly id: string;
  /** What the case shows, in one sentence. */
  readonly title: string;
  /**
   * Identifiers to remove: each key is replaced by its value wherever it appears inside a claim's
   * value (an organisation, a repository, a tenant id, an e-mail address). Matching ignores case.
   */
  readonly redact?: Readonly<Record<string, string>>;
}

/**
 * A draft corpus case from a real token: its claims (header and signature dropped, so it can no
 * longer be presented anywhere), the identifiers the user marked replaced, and the expected
 * subject, issuer and audience read from those claims. Its `source` is left empty on purpose:
 * the corpus loader refuses the case until a URL (or repository path), a quote, the version read and the day checked are filled in.
 *
 * @throws InvalidEmulatorOptionError when the input is not a compact JWT of at most 16 KiB, or a
 * marked identifier is still present after redaction.
 *
 * @example
 * ```ts
 * const draft = conformanceCaseFromToken(process.env.ID_TOKEN ?? "", {
 *   id: "tag-pipeline",
 *   title: "a tag pipeline's sub names the tag",
 *   redact: { "acme-internal": "mygroup" },
 * });
 * console.log(JSON.stringify(draft, null, 2));
 * ```
 */
export function conformanceCaseFromToken(
  token: string,
  options: ConformanceCaseFromTokenOptions,
): ConformanceCase {
  const parts = typeof token === "string" ? token.trim().split(".") : [];
  if (
    typeof token !== "string" ||
    token.length > MAX_TOKEN_LENGTH ||
    parts.length !== 3 ||
    !parts.every((part) => BASE64URL_PART.test(part))
  ) {
    throw new InvalidEmulatorOptionError({
      field: "token",
      value: typeof token === "string" ? `${token.length} characters` : typeof token,
      expected: `a compact JWT (three base64url parts) of at most ${MAX_TOKEN_LENGTH} characters`,
      fix: "pass the ID token itself, e.g. the value of $AZURE_ID_TOKEN",
    });
  }
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(parts[1] as string, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch (cause) {
    throw new InvalidEmulatorOptionError({
      field: "token",
      value: "(its payload)",
      expected: "a payload that is a JSON object",
      cause,
    });
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new InvalidEmulatorOptionError({
      field: "token",
      value: "(its payload)",
      expected: "a JSON object of claims",
    });
  }
  const redact = Object.entries(options.redact ?? {}).filter(([secret]) => secret !== "");
  const redacted = redactValue(claims, redact) as Record<string, unknown>;
  const text = JSON.stringify(redacted).toLowerCase();
  const left = redact.find(([secret]) => text.includes(secret.toLowerCase()));
  if (left) {
    throw new InvalidEmulatorOptionError({
      field: "redact",
      value: `${left[0].length} characters`,
      expected: "every marked identifier gone from the claims",
      fix: "mark the identifier as it is written in the token",
    });
  }
  const aud = redacted.aud;
  return {
    id: options.id,
    title: options.title,
    input: { claims: redacted },
    expected: {
      ...(typeof redacted.sub === "string" ? { subject: redacted.sub } : {}),
      ...(typeof redacted.iss === "string" ? { issuer: redacted.iss } : {}),
      ...(typeof aud === "string"
        ? { audience: aud }
        : Array.isArray(aud) && typeof aud[0] === "string"
          ? { audience: aud[0] }
          : {}),
    },
    source: [{ url: "", quote: "", version: "", checked: "" }],
  };
}

function redactValue(value: unknown, redact: readonly (readonly [string, string])[]): unknown {
  if (typeof value === "string") {
    return redact.reduce((text, [secret, replacement]) => replaceAll(text, secret, replacement), value);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, redact)]));
  }
  return value;
}

/** Replaces every occurrence of `secret`, ignoring case, without building a regular expression from it. */
function replaceAll(text: string, secret: string, replacement: string): string {
  const lower = text.toLowerCase();
  const needle = secret.toLowerCase();
  let result = "";
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    result += text.slice(from, at) + replacement;
    from = at + needle.length;
  }
  return result + text.slice(from);
}
