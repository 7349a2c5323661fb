import { type AssertionContext, InvalidInputError } from "@azfed/core";
import {
  escapeControlCharacters,
  presentTokenVariable,
  readTokenVariable,
  requireSubjectPart,
  type TokenFacts,
  type TokenFile,
} from "@azfed/core/provider";
import { OidcTokenError } from "./oidc-token-error";

/**
 * Where a token is read: an environment variable (by name) or a file (by path), read again at every
 * exchange.
 *
 * @example
 * ```ts
 * const fromFile: OidcTokenSource = { file: "/mnt/workspace/spacelift.oidc" };
 * const fromVariable: OidcTokenSource = { variable: "SPACELIFT_OIDC_TOKEN" };
 * ```
 */
export type OidcTokenSource =
  | { readonly variable: string; readonly file?: undefined }
  | { readonly file: string; readonly variable?: undefined };

/** What a preset says about the token in its messages: who writes it, and what to do when it is wrong. */
export interface TokenWriter {
  /** Who writes the token, as the subject of a sentence: "Spacelift", "the Jenkins credentials binding". */
  readonly writer: string;
  /** What to check when the variable is unset or the file missing. */
  readonly whenMissing: string;
  /** What to do when the token has expired: azfed cannot refresh it. */
  readonly whenExpired: string;
  /** What to check when the token has no `aud` claim. */
  readonly whenNoAudience?: string | undefined;
}

/** An environment variable's name: letters, digits and `_`, not starting with a digit. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a source given as options (`field` names the option in errors): a variable's name, or a
 * file's path without surrounding whitespace or control characters.
 */
export function requireTokenSource(
  field: { readonly variable: string; readonly file: string },
  source: { readonly variable?: unknown; readonly file?: unknown },
): OidcTokenSource | undefined {
  if (source.variable !== undefined && source.file !== undefined) {
    throw new InvalidInputError({
      field: `${field.variable} and ${field.file}`,
      value: { variable: source.variable, file: source.file },
      expected: "exactly one place to read the token from: an environment variable or a file",
      fix: `pass ${field.variable} (the variable's name) or ${field.file} (the file's path), not both`,
    });
  }
  if (source.variable !== undefined) {
    return {
      variable: requireSubjectPart(field.variable, source.variable, {
        pattern: VARIABLE_NAME,
        expected: "the name of an environment variable (letters, digits and _, not starting with a digit)",
        fix: 'pass the name without "$", e.g. "OIDC_TOKEN"',
      }),
    };
  }
  if (source.file !== undefined) {
    return {
      file: requireSubjectPart(field.file, source.file, {
        expected: "the path of the file holding the token",
        fix: "pass the path the token is written to",
      }),
    };
  }
  return undefined;
}

/** How a source is named in messages: `variable NAME` or `file PATH` (control characters escaped). */
export function describeSource(source: OidcTokenSource): string {
  return source.variable !== undefined
    ? `variable ${source.variable}`
    : `file ${escapeControlCharacters(source.file)}`;
}

/**
 * Whether the source holds something now, without reading a file (for `detect`, which must be quick
 * and never throw): the variable is non-empty, or the file's path exists.
 */
export function sourcePresent(
  source: OidcTokenSource,
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean,
): boolean {
  return source.variable !== undefined ? Boolean(env[source.variable]) : exists(source.file);
}

/**
 * The words of core's token readers for a provider of this package: who writes the token, what to
 * check, and {@link OidcTokenError} naming the place.
 */
export function tokenFacts(provider: string, writer: TokenWriter): TokenFacts {
  const { whenNoAudience } = writer;
  return {
    provider,
    token: "the OIDC token",
    writer: writer.writer,
    setting: "azfed",
    whenMissing: writer.whenMissing,
    whenExpired: writer.whenExpired,
    whenOtherAudience: (audience) =>
      `make the token's writer ask for ${audience}, or name its audience in the credential`,
    ...(whenNoAudience === undefined
      ? {}
      : {
          explainInvalid: (error) =>
            error.field === "assertion.claims.aud"
              ? {
                  problem: "not-a-jwt",
                  message: `holds a token without an audience (aud): ${whenNoAudience}`,
                }
              : undefined,
        }),
    error: (problem, message, cause, place) =>
      new OidcTokenError({
        provider,
        source:
          place.kind === "file" ? `file ${escapeControlCharacters(place.name)}` : `variable ${place.name}`,
        problem,
        message,
        cause,
      }),
  };
}

/**
 * The token `source` holds now, checked by core's readers (`TokenFile`, `readTokenVariable`): a JWT,
 * not expired by `now`, its audience compared with the one asked for (a log line: its writer fixed
 * it). An unset variable or a missing file is a `CredentialUnavailableError`; anything else wrong is
 * an {@link OidcTokenError} naming the place, never its content.
 */
export async function readToken(
  source: OidcTokenSource,
  reading: {
    readonly facts: TokenFacts;
    readonly file: TokenFile;
    readonly env: NodeJS.ProcessEnv;
    readonly now: number;
    readonly context: AssertionContext;
  },
): Promise<string> {
  const { facts, context } = reading;
  if (source.file !== undefined) return (await reading.file.read(source.file, context, context.signal)).token;
  const found = readTokenVariable(source.variable, reading.env, facts);
  return presentTokenVariable(found, { nowMs: reading.now, expected: context, audience: "warn" }, facts);
}
