/**
 * What Entra's `error_description` says beyond its code: the values it quotes from the presented
 * assertion, the subject it expected, its own clock, a missing parameter. Every field is optional:
 * Entra's wording varies, and Azure DevOps masks values as `***` (those are dropped).
 *
 * @example
 * ```ts
 * const quoted: EntraErrorDescription = parseEntraErrorDescription(body.error_description);
 * quoted.subject; // "repo:contoso/app:environment:Production"
 * ```
 */
export interface EntraErrorDescription {
  /** The codes named in the text (`AADSTS70021:` → 70021). */
  readonly codes: readonly number[];
  /** The message without the trace id, correlation id and timestamp lines. */
  readonly message: string;
  /** The presented assertion's issuer, as Entra quotes it. */
  readonly issuer?: string | undefined;
  /** The presented assertion's subject, as Entra quotes it. */
  readonly subject?: string | undefined;
  /** The presented assertion's audience, as Entra quotes it. */
  readonly audience?: string | undefined;
  /** The subject Entra says a credential should have (AADSTS7002137's "Please make sure ... Subject is '...'"). */
  readonly expectedSubject?: string | undefined;
  /** Entra's current time (AADSTS700024), epoch ms. */
  readonly entraTime?: number | undefined;
  /** Start of the assertion's validity as Entra read it (AADSTS700024), epoch ms; absent when Entra says 1970. */
  readonly validFrom?: number | undefined;
  /** End of the assertion's validity as Entra read it (AADSTS700024), epoch ms. */
  readonly validUntil?: number | undefined;
  /** The request parameter Entra says is missing (AADSTS900144). */
  readonly missingParameter?: string | undefined;
}

const QUOTED = "'([^']*)'";

/**
 * Reads the values Entra quotes in an `error_description`, e.g. AADSTS70021's
 * "Assertion Issuer: '...'. Assertion Subject: '...'. Assertion Audience: '...'." or AADSTS700024's
 * "Current time: ..., assertion valid from ..., expiry time of assertion ...".
 *
 * @example
 * ```ts
 * parseEntraErrorDescription(
 *   "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:pull_request'.",
 * ).subject; // "repo:contoso/app:pull_request"
 * ```
 */
export function parseEntraErrorDescription(description: string): EntraErrorDescription {
  const text = description.replace(/\\r\\n|\r\n|\r|\n/g, " ");
  const codes = [...text.matchAll(/AADSTS(\d+)/g)].map((match) => Number(match[1]));
  // The message ends at the first trace line. Found by a literal search, then trimmed: `\s*` before
  // the literal rescanned a whitespace run from each of its positions (128 KB of spaces: 24 s).
  const trailer = text.search(/Trace ID:|Correlation ID:|Timestamp:/);
  const message = (trailer === -1 ? text : text.slice(0, trailer)).trim().replace(/\s{2,}/g, " ");
  const pick = (pattern: RegExp): string | undefined => {
    // Empty, or only the asterisks Entra writes for a value it hides: not known.
    const value = (text.match(pattern)?.[1] ?? "").trim();
    return /^\**$/.test(value) ? undefined : value;
  };
  const time = (pattern: RegExp): number | undefined => {
    const value = pick(pattern);
    const parsed = value === undefined ? Number.NaN : Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  };
  const validFrom = time(/assertion valid from (\S+?),/i);
  return {
    codes,
    message,
    issuer:
      pick(new RegExp(`Assertion Issuer: ${QUOTED}`, "i")) ??
      pick(/Assertion Issuer: ([^'\s]+?)\.?(?:\s|$)/i) ??
      pick(new RegExp(`presented assertion issuer ${QUOTED}`, "i")) ??
      pick(new RegExp(`tokens issued by issuer ${QUOTED}`, "i")),
    subject:
      pick(new RegExp(`Assertion Subject: ${QUOTED}`, "i")) ??
      pick(new RegExp(`presented assertion subject ${QUOTED}`, "i")),
    audience:
      pick(new RegExp(`Assertion Audience: ${QUOTED}`, "i")) ??
      pick(new RegExp(`presented assertion audience ${QUOTED}`, "i")),
    expectedSubject: pick(new RegExp(`credential Subject is ${QUOTED}`, "i")),
    entraTime: time(/Current time: (\S+?),/i),
    validFrom: validFrom === 0 ? undefined : validFrom,
    validUntil: time(/expiry time of assertion (\S+?)\.?(?:\s|$)/i),
    missingParameter: pick(new RegExp(`following parameter: ${QUOTED}`, "i")),
  };
}
