import type { EnvironmentSignal } from "./environment-signal";

/**
 * The platforms azfed recognises from a token's issuer (and, where the issuer alone is not enough,
 * its subject).
 *
 * @example
 * ```ts
 * const platform: IssuerPlatform = "github-actions";
 * ```
 */
export type IssuerPlatform =
  | "github-actions"
  | "gitlab"
  | "azure-pipelines"
  | "kubernetes"
  | "gcp"
  | "terraform"
  | "spiffe"
  | "buildkite"
  | "aws"
  | "spacelift"
  | "jenkins"
  | "managed-identity"
  | "bitbucket-pipelines"
  | "circleci";

/** A token's issuer, parsed once for every platform's recognition. */
export interface ParsedIssuer {
  /** The issuer as the token carries it, trimmed. */
  readonly text: string;
  /** Lower-case host name; `""` when the issuer is not a URL. */
  readonly host: string;
  /** The URL's path; `""` when the issuer is not a URL. */
  readonly path: string;
}

/**
 * Everything core knows about one platform, in one place: how its tokens are recognised, how
 * credentials for it are named, and the platform-specific advice of the validator, the matcher and
 * the diagnosis. Adding a platform is adding one of these to `PLATFORMS` (see
 * docs/adding-a-platform.md).
 */
export interface Platform {
  readonly id: IssuerPlatform;
  /** How people name the platform, e.g. "GitHub Actions" (credential descriptions). */
  readonly label: string;
  /** The start of generated credential names, e.g. "github". */
  readonly credentialNamePrefix: string;
  /** The subject's fixed start, left out of generated credential names (e.g. `repo:`). */
  readonly subjectPrefix: RegExp;
  /**
   * The readable parts of a subject in generated credential names, when the subject without
   * `subjectPrefix` is not the best one (claim keys to drop, characters to keep apart).
   */
  credentialNameParts?(subject: string): readonly string[];
  /**
   * The variables that show a job of this platform, read without importing its provider's package
   * (see `environment-signal.ts`); only for the platforms `@azfed/identity`'s detection recognises
   * from the environment (`SignalledPlatform`).
   */
  readonly environmentSignal?: EnvironmentSignal | undefined;
  /** Whether this platform issued a token with this issuer and subject. */
  issued(issuer: ParsedIssuer, subject: string | undefined): boolean;
  /** Issuers whose tokens carry no trailing slash: a credential written with one never matches. */
  readonly issuersWithoutTrailingSlash?: readonly string[] | undefined;
  /**
   * The audience every token from this issuer carries, when the platform fixes it and the user cannot
   * ask for another (Spacelift: the account's host); the validator recommends it instead of the
   * exchange audience.
   */
  tokenAudience?(issuer: ParsedIssuer): string | undefined;
  /** What Entra accepts in a flexible credential for this platform's tokens; none: flexible credentials are not supported. */
  readonly flexible?: FlexibleCredentialRules | undefined;
  /** The validator's warning for a subject not shaped like this platform's. */
  subjectShapeWarning?(subject: string): SubjectShapeWarning | undefined;
  /** The matcher's hint when a credential's subject differs from the token's, both of this platform. */
  subjectDifference?(presented: string, expected: string): string | undefined;
  /** The diagnosis's platform-specific causes of an issuer that did not match. */
  issuerCauses?(issuer: ParsedIssuer): readonly string[];
  /** The diagnosis's platform-specific causes of a subject that did not match. */
  subjectCauses?(subject: string): readonly string[];
  /** The diagnosis's platform-specific causes of an expired token. */
  readonly expiredTokenCauses?: readonly string[] | undefined;
  /**
   * The diagnosis's platform-specific causes when Entra refuses the issuer's signing keys or the
   * token's signature algorithm (AADSTS700027, 7000272, 5002738): the issuer's own settings to change.
   */
  readonly signingKeyCauses?: readonly string[] | undefined;
}

/**
 * Entra's rules for a flexible credential (a `claimsMatchingExpression`) on one platform's tokens:
 * which issuers, which claims with which operators, and which claims an expression must compare.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (entra-docs `docs/workload-id/workload-identities-flexible-federated-identity-credentials.md`, ms.date 08/14/2026, checked 2026-12-07)
 */
export interface FlexibleCredentialRules {
  /** Whether Entra evaluates flexible credentials for this issuer (GitHub: its public issuer only). */
  issuerSupported(issuer: ParsedIssuer): boolean;
  /** The supported issuers as the documentation lists them, for messages. */
  readonly issuers: string;
  /** Each claim Entra evaluates, with the operators it allows for it. */
  readonly claims: Readonly<Record<string, readonly ("eq" | "matches")[]>>;
  /** Besides `sub`, an expression must compare at least one of these (GitHub: the immutable ids). */
  readonly requiresOneOf?: readonly string[] | undefined;
  /**
   * A `sub` comparand that starts with this is itself immutable and needs none of `requiresOneOf`
   * (GitLab: `project_id:`, where only a `project_path` subject needs `project_id` compared).
   */
  readonly immutableSubjectPrefix?: string | undefined;
  /** How to add a claim of `requiresOneOf`, for the message that says one is missing. */
  readonly requiredClaimsFix?: string | undefined;
}

/** A subject that does not look like its platform's, and what to do. */
export interface SubjectShapeWarning {
  readonly rule:
    | "github-subject-shape"
    | "gitlab-subject-shape"
    | "kubernetes-subject-shape"
    | "managed-identity-subject-case"
    | "aws-subject-shape"
    | "unmatchable-platform"
    | "spiffe-subject-shape"
    | "buildkite-subject-shape"
    | "spacelift-subject-shape"
    | "jenkins-subject-shape";
  readonly message: string;
}

/**
 * Whether an issuer is exactly `https://{host}`, as Entra lists the flexible-credential issuers: no
 * trailing slash, port, path, query or fragment, the host in lower case (the tokens of those issuers
 * carry that `iss`, and Entra compares the issuer exactly).
 */
export function isHttpsOrigin(issuer: ParsedIssuer): boolean {
  return issuer.text === `https://${issuer.host}`;
}
