import { InvalidInputError } from "@azfed/core";
import { requireSubjectPart } from "@azfed/core/provider";

/**
 * The parts of a SPIFFE ID: its trust domain and the workload's path.
 *
 * @example
 * ```ts
 * const parts: SpiffeIdParts = { trustDomain: "example.org", path: "/ns/demo-spiffe/sa/demo-sa" };
 * ```
 */
export interface SpiffeIdParts {
  /** The trust domain: lower-case letters, digits, `.`, `-` and `_`, e.g. `example.org`. */
  readonly trustDomain: string;
  /**
   * The workload's path, as the registration entry writes it (`/ns/demo/sa/web`), or its segments
   * (`["ns", "demo", "sa", "web"]`). Default none: the trust domain's own ID (`spiffe://example.org`).
   */
  readonly path?: string | readonly string[] | undefined;
}

// The rules of the SPIFFE ID standard, section 2.
// @see spiffe/spiffe standards/SPIFFE-ID.md (commit 665a28f3253ecdce59f26f3ef29c0d6408b37c3d, checked 2026-12-07):
//   trust domain "MUST be lowercase", "MUST contain only letters, numbers, dots, dashes, and underscores
//   ([a-z0-9.-_])", no userinfo or port, at most 255 bytes; path segments "MUST contain only letters,
//   numbers, dots, dashes, and underscores ([a-zA-Z0-9.-_])", no empty, `.` or `..` segment, no trailing
//   `/`, no percent-encoding; no query or fragment; implementations "SHOULD NOT generate URIs of length
//   greater than 2048 bytes".
const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_TRUST_DOMAIN_LENGTH = 255;
const MAX_SPIFFE_ID_LENGTH = 2048;
const SCHEME = "spiffe://";
const SPEC = "the SPIFFE ID standard (spiffe/spiffe standards/SPIFFE-ID.md)";

/**
 * Builds a SPIFFE ID, `spiffe://{trust domain}{path}`, checked against the SPIFFE ID standard: a
 * lower-case trust domain of letters, digits, `.`, `-` and `_`; path segments of letters, digits,
 * `.`, `-` and `_`, none empty, `.` or `..`; no trailing `/`; at most 2048 characters. A bad part is an
 * `InvalidInputError` naming it (`trustDomain`, `path`).
 *
 * @see https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md (commit 665a28f, checked 2026-12-07)
 * @example
 * ```ts
 * spiffeId({ trustDomain: "example.org", path: "/ns/demo-spiffe/sa/demo-sa" });
 * // "spiffe://example.org/ns/demo-spiffe/sa/demo-sa"
 * spiffeId({ trustDomain: "example.org", path: ["payments", "web-fe"] });
 * // "spiffe://example.org/payments/web-fe"
 * ```
 */
export function spiffeId(parts: SpiffeIdParts): string {
  const trustDomain = requireTrustDomain("trustDomain", parts.trustDomain);
  const path = parts.path === undefined ? "" : joinPath(parts.path);
  return requireLength("path", `${SCHEME}${trustDomain}${path}`);
}

/**
 * Checks a whole SPIFFE ID given as text (the `spiffeId` option of a builder or of the provider) and
 * returns it unchanged; `field` names the option in the error.
 *
 * @internal
 */
export function requireSpiffeId(field: string, value: unknown): string {
  const text = requireSubjectPart(field, value, {
    expected: "a SPIFFE ID, spiffe://{trust domain}/{path}",
    fix: "copy the SPIFFE ID of the workload's registration entry (spire-server entry show)",
  });
  if (!text.startsWith(SCHEME)) {
    throw new InvalidInputError({
      field,
      value,
      expected: `a SPIFFE ID starting with ${SCHEME} in lower case`,
      fix: "write the scheme as spiffe:// (a JWT-SVID's sub always does, and Entra compares subjects exactly)",
    });
  }
  const rest = text.slice(SCHEME.length);
  const slash = rest.indexOf("/");
  const trustDomain = slash === -1 ? rest : rest.slice(0, slash);
  requireTrustDomain(field, trustDomain, text);
  if (slash !== -1) checkPath(field, rest.slice(slash), text);
  return requireLength(field, text);
}

function requireTrustDomain(field: string, value: unknown, whole?: string): string {
  const trustDomain = requireSubjectPart(field, value, {
    expected: "a SPIFFE trust domain such as example.org",
    fix: "pass the trust domain of the SPIRE server (its trust_domain setting)",
  });
  const problem =
    trustDomain.length > MAX_TRUST_DOMAIN_LENGTH
      ? `at most ${MAX_TRUST_DOMAIN_LENGTH} characters`
      : trustDomain !== trustDomain.toLowerCase()
        ? "in lower case"
        : TRUST_DOMAIN.test(trustDomain)
          ? undefined
          : "made of letters, digits, '.', '-' and '_' only (no port, user or percent-encoding)";
  if (problem !== undefined) {
    throw new InvalidInputError({
      field,
      value: whole ?? trustDomain,
      expected: `a trust domain ${problem}, as ${SPEC} requires`,
      fix: "write the trust domain exactly as the SPIRE server's trust_domain, in lower case",
    });
  }
  return trustDomain;
}

function joinPath(path: string | readonly string[]): string {
  if (typeof path !== "string" && !Array.isArray(path)) {
    throw new InvalidInputError({
      field: "path",
      value: path,
      expected: "a SPIFFE ID path such as /ns/demo/sa/web, or its segments as an array of strings",
    });
  }
  if (typeof path !== "string") {
    path.forEach((segment, index) => {
      checkSegment(`path[${index}]`, segment, segment);
    });
    return path.length === 0 ? "" : `/${path.join("/")}`;
  }
  if (path === "") return "";
  checkPath("path", path, path);
  return path;
}

function checkPath(field: string, path: string, whole: string): void {
  if (!path.startsWith("/")) {
    throw new InvalidInputError({
      field,
      value: whole,
      expected: "a SPIFFE ID path starting with /",
      fix: "write the path as the registration entry does, e.g. /ns/demo/sa/web",
    });
  }
  for (const segment of path.slice(1).split("/")) checkSegment(field, segment, whole);
}

function checkSegment(field: string, segment: unknown, whole: unknown): void {
  const problem =
    typeof segment !== "string"
      ? "a string"
      : segment === ""
        ? "not empty (no // and no trailing /)"
        : segment === "." || segment === ".."
          ? "not . or .."
          : PATH_SEGMENT.test(segment)
            ? undefined
            : "made of letters, digits, '.', '-' and '_' only (no percent-encoding, query or fragment)";
  if (problem !== undefined) {
    throw new InvalidInputError({
      field,
      value: whole,
      expected: `every SPIFFE ID path segment ${problem}, as ${SPEC} requires`,
      fix: "copy the SPIFFE ID of the workload's registration entry (spire-server entry show)",
    });
  }
}

function requireLength(field: string, id: string): string {
  if (id.length > MAX_SPIFFE_ID_LENGTH) {
    throw new InvalidInputError({
      field,
      value: id,
      expected: `a SPIFFE ID of at most ${MAX_SPIFFE_ID_LENGTH} characters (this one has ${id.length}), as ${SPEC} recommends`,
      fix: "shorten the path",
    });
  }
  return id;
}
