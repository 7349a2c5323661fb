import { otherExchangeAudience } from "../clouds";
import { AuthenticationError } from "../diagnosis/authentication-error";
import { decodeAssertion } from "../fic/decode-assertion";
import { logger } from "../logger";
import type { MsalExchangeSettings } from "./msal-exchange";

/**
 * The audience that matched a credential, per authority host and client id, for the life of the
 * process: once a retry on AADSTS700212 found the other convention, later exchanges (by any
 * credential for the same app) ask for it first.
 */
const matchedAudiences = new Map<string, string>();
/** A bound on the map: one entry per (authority host, client id) a process uses. */
const MAX_REMEMBERED = 1000;

function memoryKey(settings: Pick<MsalExchangeSettings, "authorityHost" | "clientId">): string {
  return `${settings.authorityHost}\n${settings.clientId}`;
}

/**
 * The audience an exchange asks for first: the one remembered for this authority host and client id
 * when the user chose none, else the credential's.
 *
 * @example
 * ```ts
 * const audience = firstAudience(settings); // "api://AzureADTokenExchangeUSGov" until a retry found the other one
 * ```
 */
export function firstAudience(
  settings: Pick<MsalExchangeSettings, "authorityHost" | "clientId" | "audience" | "audienceChosen">,
): string {
  if (settings.audienceChosen) return settings.audience;
  return matchedAudiences.get(memoryKey(settings)) ?? settings.audience;
}

/**
 * Remembers, for the process, the audience that matched after a retry, and says so in the log.
 *
 * @example
 * ```ts
 * rememberAudience(settings, "api://AzureADTokenExchange");
 * ```
 */
export function rememberAudience(
  settings: Pick<MsalExchangeSettings, "authorityHost" | "clientId" | "provider">,
  audience: string,
): void {
  const key = memoryKey(settings);
  if (!matchedAudiences.has(key) && matchedAudiences.size >= MAX_REMEMBERED) matchedAudiences.clear();
  matchedAudiences.set(key, audience);
  logger.info(
    `FederatedTokenCredential: the federated credential of client id ${settings.clientId} at ${settings.authorityHost} matched audience ${audience}; ` +
      `${settings.provider.name} is asked for it from now on in this process. Set the audience option to ${audience} to skip the first attempt.`,
  );
}

/**
 * Forgets every remembered audience (tests start each case from a fresh process's state).
 *
 * @example
 * ```ts
 * afterEach(() => forgetMatchedAudiences());
 * ```
 */
export function forgetMatchedAudiences(): void {
  matchedAudiences.clear();
}

/**
 * The audience to retry with after Entra refused an exchange, or `undefined` for no retry: only for
 * AADSTS700212 (no credential with the presented audience), only when the user chose no audience, and
 * only when the cloud has a second convention the presented token did not carry.
 *
 * @see https://github.com/Azure/login/issues/452
 * @see https://github.com/hashicorp/terraform-provider-azuread/issues/1755
 *
 * @example
 * ```ts
 * const retryWith = audienceToRetry(error, settings, assertion); // "api://AzureADTokenExchange" in US Gov
 * ```
 */
export function audienceToRetry(
  error: unknown,
  settings: Pick<MsalExchangeSettings, "cloud" | "audienceChosen">,
  requested: string,
  assertion: string | undefined,
): string | undefined {
  if (settings.audienceChosen || !(error instanceof AuthenticationError)) return undefined;
  if (!error.aadsts.includes(700212)) return undefined;
  // A provider whose audience is fixed outside azfed may have presented the other convention already.
  const presented = presentedAudiences(assertion);
  const tried = presented.length > 0 ? presented : [requested];
  for (const audience of tried) {
    const other = otherExchangeAudience(settings.cloud, audience);
    if (other !== undefined && !tried.includes(other)) return other;
  }
  return undefined;
}

/**
 * The `aud` of an assertion as a list; empty when it cannot be read (the exchange then reports it).
 *
 * @example
 * ```ts
 * presentedAudiences(jwt); // ["api://AzureADTokenExchange"]
 * ```
 */
export function presentedAudiences(assertion: string | undefined): readonly string[] {
  if (assertion === undefined) return [];
  try {
    const { aud } = decodeAssertion(assertion);
    return typeof aud === "string" ? [aud] : aud;
  } catch {
    return [];
  }
}
