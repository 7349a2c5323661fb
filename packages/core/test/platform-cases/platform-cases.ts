import type { IssuerPlatform, SubjectShapeWarning } from "../../src/platform/platform";

/** The exchange audience the samples carry unless their platform fixes another. */
export const EXCHANGE = "api://AzureADTokenExchange";
/** The moment every sample token is diagnosed at. */
export const NOW = Date.parse("2026-12-07T10:00:00Z");
/** Claims that make a sample token expired at {@link NOW}. */
export const EXPIRED = { exp: NOW / 1000 - 10 } as const;

/** One diagnosis of a sample token: Entra's code, what to change in the token, what the diagnosis says. */
export interface DiagnosisCase {
  readonly aadsts: number;
  /** Claims over the sample's (e.g. {@link EXPIRED}, or another `sub`). */
  readonly claims?: Readonly<Record<string, unknown>> | undefined;
  /** The token's signature algorithm; default RS256. */
  readonly alg?: string | undefined;
  /** Words among the likely causes. */
  readonly causes: string;
  /** Words in the summary. */
  readonly summary?: string | undefined;
}

/**
 * What one entry of core's platform table must answer, as data: the table-driven contract test
 * (`platform-contract.test.ts`) asks the same questions of every entry.
 */
export interface PlatformCases {
  /** A token of this platform, as its documentation shows one (`audience` default {@link EXCHANGE}). */
  readonly sample: {
    readonly issuer: string;
    readonly subject: string;
    readonly audience?: string | undefined;
  };
  /** `[issuer, subject, the platform issuerPlatform names]`: its tokens, and look-alikes that are not. */
  readonly recognised: readonly (readonly [string, string | undefined, IssuerPlatform | undefined])[];
  /** The name `federatedCredentialFromClaims` gives the sample's credential (or `subject`'s). */
  readonly credentialName?: { readonly name: string; readonly subject?: string | undefined } | undefined;
  /** Subjects the validator has nothing to say about, under the sample's issuer; default the sample's. */
  readonly cleanSubjects?: readonly string[] | undefined;
  /** The validator's subject warnings: `[subject, words of the message]`, all with `rule`. */
  readonly subjectWarnings?:
    | { readonly rule: SubjectShapeWarning["rule"]; readonly cases: readonly (readonly [string, string])[] }
    | undefined;
  /** The matcher's hints: `[the token's subject, the credential's subject, words of the hint]`. */
  readonly subjectHints?: readonly (readonly [string, string, string])[] | undefined;
  /** Diagnoses of the sample token. */
  readonly diagnoses?: readonly DiagnosisCase[] | undefined;
}
