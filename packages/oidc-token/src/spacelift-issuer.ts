import { InvalidInputError } from "@azfed/core";
import { requireHttpsIssuer, requireSubjectPart } from "@azfed/core/provider";

/**
 * Where {@link spaceliftIssuer} finds the issuer: the account's name (SaaS, `{account}.app.spacelift.io`),
 * or the issuer's URL (a self-hosted server, or its `FEDERATION_CUSTOM_ISSUER`).
 *
 * @example
 * ```ts
 * const saas: SpaceliftIssuerOptions = { account: "demo" };
 * const selfHosted: SpaceliftIssuerOptions = { issuer: "https://spacelift.example.com" };
 * ```
 */
export interface SpaceliftIssuerOptions {
  /** The account's name: the first label of `{account}.app.spacelift.io`. */
  readonly account?: string | undefined;
  /** The issuer's URL, for a self-hosted Spacelift (instead of `account`). */
  readonly issuer?: string | undefined;
}

/** An account name: one lower-case DNS label (the tokens' `iss` carries it as written in the host). */
const ACCOUNT = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The issuer of a Spacelift account's tokens: `https://{account}.app.spacelift.io`, no path, no
 * trailing slash; a self-hosted server's URL (or its `FEDERATION_CUSTOM_ISSUER`) given as `issuer`
 * is checked and returned as is.
 *
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/README.md
 *   (commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56 of spacelift-io/user-documentation, checked 2026-12-07: "`iss` … the URL of your Spacelift account, for example `https://demo.app.spacelift.io`"; self-hosted `FEDERATION_CUSTOM_ISSUER`)
 *
 * @example
 * ```ts
 * spaceliftIssuer({ account: "demo" }); // "https://demo.app.spacelift.io"
 * ```
 */
export function spaceliftIssuer(options: SpaceliftIssuerOptions): string {
  if ((options?.account === undefined) === (options?.issuer === undefined)) {
    throw new InvalidInputError({
      field: "account",
      value: { account: options?.account, issuer: options?.issuer },
      expected:
        "exactly one of account (a Spacelift SaaS account's name) and issuer (a self-hosted server's issuer URL)",
      fix: 'pass account: "demo" for https://demo.app.spacelift.io, or issuer for a self-hosted Spacelift',
    });
  }
  if (options.issuer !== undefined) {
    return requireHttpsIssuer("issuer", options.issuer, {
      expected: "the self-hosted Spacelift server's issuer",
      fix: "copy the issuer of https://{server}/.well-known/openid-configuration",
    });
  }
  const account = requireSubjectPart("account", options.account, {
    pattern: ACCOUNT,
    expected: "the account's name in lower case, the first label of {account}.app.spacelift.io",
    fix: 'pass "demo" for https://demo.app.spacelift.io',
  });
  return `https://${account}.app.spacelift.io`;
}
