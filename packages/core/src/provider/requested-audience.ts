import { InvalidInputError } from "../errors/invalid-input-error";
import type { AssertionContext } from "./assertion-provider";

/**
 * The audience a provider asks its platform's token service for: the context's `audience`, checked
 * to be a non-empty string without surrounding white space (a token service would otherwise issue a
 * token whose `aud` no federated credential holds). For providers that request a token for an
 * audience (GitHub Actions, Buildkite); a provider whose audience is fixed outside azfed compares
 * instead.
 *
 * @param context - what the credential asks for.
 * @param token - how the error names the token ("the OIDC token", "the Buildkite token").
 * @throws InvalidInputError naming the `audience` field.
 *
 * @example
 * ```ts
 * const audience = requestedAudience(context, "the Buildkite token"); // "api://AzureADTokenExchange"
 * ```
 */
export function requestedAudience(context: AssertionContext | undefined, token: string): string {
  const audience: unknown = context?.audience;
  if (typeof audience !== "string" || audience.trim() === "" || audience.trim() !== audience) {
    throw new InvalidInputError({
      field: "audience",
      value: audience,
      expected: `the audience ${token} must carry, e.g. api://AzureADTokenExchange`,
      fix: "pass the exchange audience of your cloud (FederatedTokenCredential does this for you)",
    });
  }
  return audience;
}
