import type { FederatedIdentityCredential } from "@azfed/core";
import type { Option } from "commander";
import type { CliIo } from "../cli-io";

/**
 * The option values commander parsed for one platform, keyed by the builder's option names
 * (commander turns `--pull-request` into `pullRequest`). The builders check every value.
 *
 * @example
 * ```ts
 * const values: PlatformOptionValues = { repository: "contoso/app", pullRequest: true };
 * ```
 */
export type PlatformOptionValues = Readonly<Record<string, unknown>>;

/**
 * A claim other than `sub` that a flexible FIC can match, and the flag that gives its pattern.
 *
 * @example
 * ```ts
 * const flag: FlexibleClaimFlag = { claim: "job_workflow_ref", flags: "--job-workflow-ref <pattern>", description: "..." };
 * ```
 */
export interface FlexibleClaimFlag {
  readonly claim: string;
  readonly flags: string;
  readonly description: string;
}

/**
 * A platform as the `subject` and `fic` commands see it: its flags (named after the builders'
 * options in kebab-case), its builders, and its help examples. A platform module does not write one
 * by hand: `definePlatform` (define-platform.ts) makes it from a definition the compiler checks.
 *
 * @example
 * ```ts
 * const subject = githubPlatform.subject({ repository: "contoso/app", branch: "main" });
 * ```
 */
export interface CliPlatform {
  /** The command-line name, e.g. `github`. */
  readonly name: string;
  /** Other accepted names, e.g. the provider name `github-actions`. */
  readonly aliases: readonly string[];
  /** The name of the platform's provider, as `AZFED_PROVIDER` and `--provider` take it. */
  readonly provider: string;
  /** The platform's own name, e.g. `GitHub Actions`. */
  readonly title: string;
  /**
   * Whether its FIC can only go on an app registration (a managed identity's token: Entra-issued
   * tokens cannot be a FIC of another managed identity). `fic` then targets an app in every format.
   */
  readonly appRegistrationOnly?: true | undefined;
  /** Flags of the subject builder, shared by `azfed subject` and `azfed fic`. */
  subjectOptions(): Option[];
  /** Flags the FIC builder adds to the subject's: issuer parts, audience, name, description. */
  credentialOptions(): Option[];
  /**
   * Completes the flag values from outside before the builders run (e.g. `--from-github` reads the
   * repository's ids and OIDC settings from GitHub's API), with notes for stderr.
   */
  resolveValues?(
    values: PlatformOptionValues,
    io: CliIo,
  ): Promise<{ readonly values: PlatformOptionValues; readonly notes: readonly string[] }>;
  subject(values: PlatformOptionValues): string;
  federatedCredential(values: PlatformOptionValues): FederatedIdentityCredential;
  /**
   * Whether Entra accepts flexible FICs (`claimsMatchingExpression`) for this platform's tokens, and
   * the claims besides `sub` an expression may test, each with its flag.
   */
  readonly flexible: false | { readonly extraClaims: readonly FlexibleClaimFlag[] };
  readonly subjectExamples: readonly string[];
  readonly credentialExamples: readonly string[];
}
