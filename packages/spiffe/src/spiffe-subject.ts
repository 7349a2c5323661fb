import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength } from "@azfed/core/provider";
import { requireSpiffeId, type SpiffeIdParts, spiffeId } from "./spiffe-id";

/**
 * The workload whose subject {@link spiffeSubject} builds: its whole SPIFFE ID, or its trust domain
 * and path.
 *
 * @example
 * ```ts
 * const byId: SpiffeSubjectOptions = { spiffeId: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa" };
 * const byParts: SpiffeSubjectOptions = { trustDomain: "example.org", path: "/ns/demo-spiffe/sa/demo-sa" };
 * ```
 */
export type SpiffeSubjectOptions =
  | { readonly spiffeId: string; readonly trustDomain?: undefined; readonly path?: undefined }
  | (SpiffeIdParts & { readonly spiffeId?: undefined });

/**
 * The subject of a federated identity credential for a SPIFFE workload: its SPIFFE ID, which is the
 * `sub` of its JWT-SVIDs. The ID is checked against the SPIFFE ID standard (see {@link spiffeId}) and
 * Entra's 600-character limit on subjects.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-spiffe-spire
 *   ("subject: the workload's SPIFFE ID"; ms.date 08/12/2026, checked 2026-12-07)
 * @see https://github.com/spiffe/spiffe/blob/main/standards/JWT-SVID.md (the `sub` claim is the SPIFFE ID)
 * @example
 * ```ts
 * spiffeSubject({ spiffeId: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa" });
 * spiffeSubject({ trustDomain: "example.org", path: "/ns/demo-spiffe/sa/demo-sa" });
 * // both "spiffe://example.org/ns/demo-spiffe/sa/demo-sa"
 * ```
 */
export function spiffeSubject(options: SpiffeSubjectOptions): string {
  if ((options as unknown) === null || typeof options !== "object") {
    throw new InvalidInputError({
      field: "options",
      value: options,
      expected: "{ spiffeId } or { trustDomain, path }",
    });
  }
  // JavaScript callers can pass both, whatever the type says.
  const given = options as {
    readonly spiffeId?: unknown;
    readonly trustDomain?: unknown;
    readonly path?: unknown;
  };
  if (given.spiffeId !== undefined && (given.trustDomain !== undefined || given.path !== undefined)) {
    throw new InvalidInputError({
      field: "spiffeId",
      value: given.spiffeId,
      expected: "either spiffeId or trustDomain and path, not both",
      fix: "pass the whole SPIFFE ID as spiffeId, or its parts as trustDomain and path",
    });
  }
  const id =
    options.spiffeId !== undefined
      ? requireSpiffeId("spiffeId", options.spiffeId)
      : spiffeId({ trustDomain: options.trustDomain, path: options.path });
  return requireFicFieldLength("subject", id);
}
