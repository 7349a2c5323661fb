import type { AbortSignalLike } from "../async/abortable";

/**
 * An access token as `@azure/core-auth` describes it: what any Azure SDK client accepts from a
 * credential. Written out here (as {@link TokenCredential} and {@link GetTokenOptions} are) so that
 * `@azfed/core` needs no `@azure/core-auth` at run time or to be type-checked; TypeScript compares
 * the shapes, so a `FederatedTokenCredential` is a `TokenCredential` of `@azure/core-auth` (the
 * Azure SDK interop tests check it against the real package).
 *
 * @see https://github.com/Azure/azure-sdk-for-js/blob/main/sdk/core/core-auth/src/tokenCredential.ts (read in @azure/core-auth 1.10.1's dist/esm/tokenCredential.d.ts)
 * @example
 * ```ts
 * const token: AccessToken = { token: "eyJ…", expiresOnTimestamp: Date.now() + 3_600_000 };
 * ```
 */
export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number | undefined;
  tokenType?: "Bearer" | "pop" | undefined;
}

/**
 * The options an Azure SDK client passes to `getToken` (`@azure/core-auth`'s `GetTokenOptions`).
 *
 * @example
 * ```ts
 * const options: GetTokenOptions = { abortSignal: AbortSignal.timeout(10_000), enableCae: true };
 * ```
 */
export interface GetTokenOptions {
  abortSignal?: AbortSignalLike | undefined;
  requestOptions?: { timeout?: number | undefined } | undefined;
  tracingOptions?: { tracingContext?: unknown } | undefined;
  /** A CAE claims challenge (JSON). */
  claims?: string | undefined;
  enableCae?: boolean | undefined;
  tenantId?: string | undefined;
  proofOfPossessionOptions?:
    | { nonce: string; resourceRequestMethod: string; resourceRequestUrl: string }
    | undefined;
}

/**
 * What an Azure SDK client needs of a credential (`@azure/core-auth`'s `TokenCredential`).
 *
 * @example
 * ```ts
 * const credential: TokenCredential = new FederatedTokenCredential({ assertion: githubActions() });
 * ```
 */
export interface TokenCredential {
  /** An access token for `scopes`, or `null` where the credential has none to give. */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}
