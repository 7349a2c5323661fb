import {
  type AssertionClaims,
  type AssertionContext,
  BoundedFileError,
  CredentialUnavailableError,
  decodeAssertion,
  InvalidAssertionError,
  InvalidInputError,
} from "@azfed/core";
import { escapeControlCharacters, logger, readBoundedFile, requireSubjectPart } from "@azfed/core/provider";
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
/** A token is a few kilobytes; a place holding more is the wrong one (the same bound as a projected token file). */
export const MAX_TOKEN_BYTES = 64 * 1024;

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
 * The token `source` holds now, checked: a JWT (core's `decodeAssertion`), not expired by `now`.
 * An unset variable or a missing file is a `CredentialUnavailableError`; anything else wrong is an
 * {@link OidcTokenError} naming the place, never its content.
 */
export async function readToken(
  source: OidcTokenSource,
  reading: {
    readonly provider: string;
    readonly env: NodeJS.ProcessEnv;
    readonly now: number;
    readonly writer: TokenWriter;
    readonly context: AssertionContext;
  },
): Promise<string> {
  const { provider, writer, context } = reading;
  const place = describeSource(source);
  const fail = (problem: OidcTokenError["problem"], message: string, cause?: unknown): OidcTokenError =>
    new OidcTokenError({ provider, source: place, problem, message, ...(cause ? { cause } : {}) });

  const text =
    source.variable !== undefined
      ? readVariable(source.variable, reading.env, provider, writer, fail)
      : await readFile(source.file, provider, writer, fail, context.signal);
  const token = text.trim();
  if (token === "") {
    throw fail(
      "empty",
      `the ${place} is empty; ${writer.writer} writes the token there: ${writer.whenMissing}`,
    );
  }
  let claims: AssertionClaims;
  try {
    claims = decodeAssertion(token);
  } catch (error) {
    if (!(error instanceof InvalidAssertionError)) throw error;
    if (error.field === "assertion.claims.aud" && writer.whenNoAudience !== undefined) {
      throw fail(
        "not-a-jwt",
        `the token in the ${place} has no audience (aud): ${writer.whenNoAudience}`,
        error,
      );
    }
    throw fail(
      "not-a-jwt",
      `the ${place} does not hold a usable JWT (${error.message}); point azfed at the place ${writer.writer} writes the token`,
      error,
    );
  }
  if (claims.exp !== undefined && claims.exp * 1000 <= reading.now) {
    const ago = Math.round(reading.now / 1000 - claims.exp);
    throw fail(
      "expired",
      `the token in the ${place} expired at ${new Date(claims.exp * 1000).toISOString()} (${ago} s ago); ${writer.writer} writes it and azfed cannot refresh it: ${writer.whenExpired}`,
    );
  }
  warnOnAudience(provider, place, claims.aud, context);
  return token;
}

function readVariable(
  name: string,
  env: NodeJS.ProcessEnv,
  provider: string,
  writer: TokenWriter,
  fail: (problem: OidcTokenError["problem"], message: string) => OidcTokenError,
): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new CredentialUnavailableError(
      `${provider}: the variable ${name} is not set; ${writer.writer} sets it: ${writer.whenMissing}`,
    );
  }
  // Bytes, not characters: the same bound as a file's.
  if (Buffer.byteLength(value) > MAX_TOKEN_BYTES) {
    throw fail(
      "unreadable",
      `the variable ${name} holds ${Buffer.byteLength(value)} bytes, far more than a token (at most ${MAX_TOKEN_BYTES}); point azfed at the variable ${writer.writer} sets`,
    );
  }
  return value;
}

async function readFile(
  path: string,
  provider: string,
  writer: TokenWriter,
  fail: (problem: OidcTokenError["problem"], message: string, cause?: unknown) => OidcTokenError,
  signal: AbortSignal | undefined,
): Promise<string> {
  const place = `file ${escapeControlCharacters(path)}`;
  try {
    // Core's one reader: opened without blocking (a FIFO cannot hang the thread pool), its type checked
    // on the handle, at most MAX_TOKEN_BYTES counted as read. Read at every exchange, so a rewritten
    // file is seen at once.
    return (await readBoundedFile(path, { maxBytes: MAX_TOKEN_BYTES, signal })).text;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (!(error instanceof BoundedFileError)) throw error;
    if (error.code === "ENOENT" || error.code === "ENOTDIR") {
      throw new CredentialUnavailableError(
        `${provider}: the ${place} does not exist; ${writer.writer} writes it: ${writer.whenMissing}`,
        { cause: error },
      );
    }
    const permission = error.code === "EACCES" || error.code === "EPERM";
    throw fail(
      "unreadable",
      permission
        ? `the ${place} cannot be read (${error.code}); let the process's user read it`
        : `the ${place} ${error.what}; point azfed at the token file ${writer.writer} writes`,
      error,
    );
  }
}

/**
 * The token's audience is fixed by whoever wrote it: azfed presents it as it is, and says so when it
 * is not the one the exchange asks for (Entra then matches it against the credential's audience).
 */
function warnOnAudience(
  provider: string,
  place: string,
  aud: string | readonly string[],
  context: AssertionContext,
): void {
  const audiences: readonly string[] = typeof aud === "string" ? [aud] : aud;
  if (audiences.includes(context.audience)) return;
  if (context.alternateAudience !== undefined && audiences.includes(context.alternateAudience)) return;
  logger.info(
    `${provider}: the token in the ${place} is for audience ${JSON.stringify(aud)}, not ${context.audience}; presenting it as it is (its writer fixed the audience): the federated identity credential's audience must be ${audiences[0] ?? ""}`,
  );
}
