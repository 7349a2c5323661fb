import type { EntraCloud } from "../../clouds";
import { MAX_FIC_FIELD_LENGTH } from "../entra-fic-limits";
import { controlCharacterIn } from "../subject-part";

/**
 * The Entra rule (or, for a warning, the likely mistake) a {@link FicProblem} is about.
 *
 * @example
 * ```ts
 * const rule: FicRule = "name-characters";
 * ```
 */
export type FicRule =
  | "required"
  | "type"
  | "name-length"
  | "name-characters"
  | "name-first-character"
  | "max-length"
  | "single-audience"
  | "whitespace"
  | "control-character"
  | "subject-wildcard"
  | "subject-or-expression"
  | "expression-syntax"
  | "expression-language-version"
  | "expression-claim"
  | "expression-operator"
  | "expression-required-claims"
  | "expression-managed-identity"
  | "issuer-https"
  | "max-per-identity"
  | "unique-issuer-subject"
  | "unique-name"
  | "recommended-audience"
  | "aks-issuer-trailing-slash"
  | "issuer-trailing-slash"
  | "expression-issuer"
  | "github-subject-shape"
  | "gitlab-subject-shape"
  | "kubernetes-subject-shape"
  | "managed-identity-subject-case"
  | "aws-subject-shape"
  | "unmatchable-platform"
  | "spiffe-subject-shape"
  | "buildkite-subject-shape";

/**
 * One broken rule or likely mistake in a federated identity credential: which field, its value, the
 * rule, and a sentence saying what is wrong and how to fix it.
 *
 * @example
 * ```ts
 * const problem: FicProblem = {
 *   field: "audiences",
 *   value: '["api://AzureADTokenExchange","api://other"]',
 *   rule: "single-audience",
 *   message: "audiences has 2 entries; Entra requires exactly one. Fix: keep only api://AzureADTokenExchange.",
 * };
 * ```
 */
export interface FicProblem {
  /** The field at fault, e.g. `name`, `audiences[0]`, or in a list `[3].issuer`. */
  readonly field: string;
  /** The offending value as text (JSON for a value that is not a string); absent when the field is missing. */
  readonly value?: string | undefined;
  /** The rule broken, as a stable code. */
  readonly rule: FicRule;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * What {@link validateFederatedIdentityCredential} found: `valid` is `false` when there is at least
 * one error. Warnings never make a credential invalid.
 *
 * @example
 * ```ts
 * const result: FicValidationResult = validateFederatedIdentityCredential(fic);
 * if (!result.valid) for (const error of result.errors) console.error(error.message);
 * ```
 */
export interface FicValidationResult {
  readonly valid: boolean;
  readonly errors: readonly FicProblem[];
  readonly warnings: readonly FicProblem[];
}

/**
 * Context that sharpens the checks.
 *
 * @example
 * ```ts
 * const options: FicValidationOptions = { kind: "managedIdentity", cloud: "usgov" };
 * ```
 */
export interface FicValidationOptions {
  /**
   * Where the credential lives: an app registration (default) or a user-assigned managed identity,
   * which cannot hold flexible (expression) credentials.
   */
  readonly kind?: "application" | "managedIdentity" | undefined;
  /** The cloud the identity is in; the audience is then checked against that cloud's exchange audience. */
  readonly cloud?: EntraCloud["name"] | EntraCloud | undefined;
}

/**
 * Gathers the errors and warnings of a validation, prefixing each field with where it sits in a
 * list (`[3].issuer`).
 */
export class ProblemCollector {
  private readonly errors: FicProblem[];
  private readonly warnings: FicProblem[];

  constructor(
    private readonly prefix: string,
    shared?: { errors: FicProblem[]; warnings: FicProblem[] },
  ) {
    this.errors = shared?.errors ?? [];
    this.warnings = shared?.warnings ?? [];
  }

  nested(prefix: string): ProblemCollector {
    return new ProblemCollector(this.prefix + prefix, { errors: this.errors, warnings: this.warnings });
  }

  error(field: string, value: unknown, rule: FicRule, message: string): void {
    this.errors.push(this.problem(field, value, rule, message));
  }

  warning(field: string, value: unknown, rule: FicRule, message: string): void {
    this.warnings.push(this.problem(field, value, rule, message));
  }

  result(): FicValidationResult {
    return { valid: this.errors.length === 0, errors: this.errors, warnings: this.warnings };
  }

  private problem(field: string, value: unknown, rule: FicRule, message: string): FicProblem {
    const fullField = `${this.prefix}${field}`.replace(/\.$/, "");
    const label = fullField === "" ? "The value" : fullField;
    return {
      field: fullField,
      ...(value === undefined ? {} : { value: asText(value) }),
      rule,
      message: `${label}: ${message}.`,
    };
  }
}

/**
 * Errors for surrounding whitespace, control characters (the builders' rule, `controlCharacterIn`)
 * and more than `maxLength` characters (default {@link MAX_FIC_FIELD_LENGTH}, Entra's limit on an
 * issuer, subject or audience).
 */
export function checkTextField(
  field: string,
  value: string,
  problems: ProblemCollector,
  what: string,
  maxLength: number = MAX_FIC_FIELD_LENGTH,
): void {
  const control = controlCharacterIn(value.trim());
  if (control !== undefined) {
    problems.error(
      field,
      value,
      "control-character",
      `it contains the control character "${control}"; no token carries one, so the ${what} never matches (the builders refuse it too). Fix: remove line breaks, tabs, NUL and escape characters`,
    );
  }
  if (value !== value.trim()) {
    problems.error(
      field,
      value,
      "whitespace",
      `it has leading or trailing whitespace, which makes the ${what} never match (Entra compares exactly). Fix: use ${JSON.stringify(value.trim())}`,
    );
  }
  if (value.length > maxLength) {
    problems.error(
      field,
      value,
      "max-length",
      `the ${what} has ${value.length} characters; Entra allows at most ${maxLength}`,
    );
  }
}

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
