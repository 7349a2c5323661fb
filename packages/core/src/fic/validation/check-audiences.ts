import {
  cloudForExchangeAudience,
  cloudLabel,
  DEFAULT_EXCHANGE_AUDIENCE,
  type EntraCloud,
  entraIssuerCloud,
  KNOWN_CLOUDS,
} from "../../clouds";
import { parseIssuer, platformOf } from "../../platform/platforms";
import { FIC_AUDIENCE_COUNT } from "../entra-fic-limits";
import { checkTextField, type FicValidationOptions, type ProblemCollector } from "./fic-problem";

/**
 * Errors for anything but exactly one audience; a warning for one that is not an audience the
 * issuer's tokens carry: for an external issuer either convention of the cloud (its own exchange
 * audience, or `api://AzureADTokenExchange`), for an Entra issuer (a managed identity as the FIC's
 * assertion) the cloud's own exchange audience.
 */
export function checkAudiences(
  audiences: unknown,
  issuer: string | undefined,
  options: FicValidationOptions,
  problems: ProblemCollector,
): void {
  const recommended = recommendedAudience(issuer, options);
  if (audiences === undefined || audiences === null) {
    problems.error(
      "audiences",
      audiences,
      "required",
      `audiences is required. Fix: set it to [${JSON.stringify(recommended)}]`,
    );
    return;
  }
  if (!Array.isArray(audiences)) {
    problems.error(
      "audiences",
      audiences,
      "type",
      `expected an array with exactly one audience. Fix: use [${JSON.stringify(typeof audiences === "string" ? audiences.trim() : recommended)}]`,
    );
    return;
  }
  if (audiences.length !== FIC_AUDIENCE_COUNT) {
    problems.error(
      "audiences",
      audiences,
      "single-audience",
      audiences.length === 0
        ? `it is empty; Entra requires exactly one audience. Fix: set it to [${JSON.stringify(recommended)}]`
        : `it has ${audiences.length} entries; Entra requires exactly one. Fix: keep one (usually ${JSON.stringify(recommended)}) and create another credential for any other audience`,
    );
  }
  audiences.forEach((audience, index) => {
    const field = `audiences[${index}]`;
    if (typeof audience !== "string") {
      problems.error(field, audience, "type", "expected a string");
      return;
    }
    if (audience.trim() === "") {
      problems.error(
        field,
        audience,
        "required",
        `the audience is empty. Fix: use ${JSON.stringify(recommended)}`,
      );
      return;
    }
    checkTextField(field, audience, problems, "audience");
    checkRecommendedAudience(field, audience.trim(), issuer, options, problems);
  });
}

function checkRecommendedAudience(
  field: string,
  audience: string,
  issuer: string | undefined,
  options: FicValidationOptions,
  problems: ProblemCollector,
): void {
  const platform = issuer === undefined ? undefined : platformOf(issuer);
  const fixed = issuer === undefined ? undefined : platform?.tokenAudience?.(parseIssuer(issuer));
  if (fixed !== undefined) {
    // The platform fixes its tokens' audience (Spacelift: the account's host): only that one matches.
    if (audience !== fixed) {
      problems.warning(
        field,
        audience,
        "recommended-audience",
        `${platform?.label ?? "this platform"}'s tokens from ${JSON.stringify(issuer)} carry aud ${JSON.stringify(fixed)}, and Entra matches the audience exactly. Fix: use ${JSON.stringify(fixed)}`,
      );
    }
    return;
  }
  const recommended = recommendedAudience(issuer, options);
  if (audience === recommended) return;
  const entraIssued = issuer !== undefined && entraIssuerCloud(issuer) !== undefined;
  const audienceCloud = cloudForExchangeAudience(audience);
  const cloud = resolveCloud(options.cloud);
  // External issuers: both conventions are right in a sovereign cloud (the cloud's own audience, the
  // portal's default and Microsoft's SDKs'; api://AzureADTokenExchange, azure/login's and the AKS
  // webhook's); with no cloud given, any known cloud's audience may be the right one.
  if (
    !entraIssued &&
    audienceCloud !== undefined &&
    (cloud === undefined || audienceCloud.name === cloud.name || audience === DEFAULT_EXCHANGE_AUDIENCE)
  ) {
    return;
  }
  const caseOnly = Object.values(KNOWN_CLOUDS).find(
    (known) => known.exchangeAudience.toLowerCase() === audience.toLowerCase(),
  );
  const cloudName = cloud === undefined ? "" : ` ${cloudLabel(cloud.name)}`;
  const message = audienceCloud
    ? entraIssued
      ? `this is the exchange audience of the ${cloudLabel(audienceCloud.name)} cloud, but a managed identity's token issued by ${JSON.stringify(issuer)} carries ${JSON.stringify(recommended)}. Fix: use ${JSON.stringify(recommended)}`
      : `this is the ${cloudLabel(audienceCloud.name)} cloud's exchange audience; a workload exchanging in the${cloudName} cloud asks for ${JSON.stringify(recommended)}${cloud !== undefined && cloud.exchangeAudience !== DEFAULT_EXCHANGE_AUDIENCE ? ` or ${JSON.stringify(DEFAULT_EXCHANGE_AUDIENCE)}` : ""}. Fix: use ${JSON.stringify(recommended)}, or make the workload ask for ${JSON.stringify(audience)}`
    : caseOnly
      ? `it differs from ${JSON.stringify(caseOnly.exchangeAudience)} only in letter case, and audiences match exactly. Fix: use ${JSON.stringify(caseOnly.exchangeAudience)}`
      : `it is not the recommended exchange audience ${JSON.stringify(recommended)}; it works only if the platform issues tokens with exactly this \`aud\`. Fix: prefer ${JSON.stringify(recommended)}`;
  problems.warning(field, audience, "recommended-audience", message);
}

/**
 * The audience the issuer's tokens carry by default: an Entra issuer's (managed identity) is its
 * cloud's exchange audience (the issuer's host, else `options.cloud`); an external issuer's is the
 * cloud's own audience (`options.cloud`; the public cloud's when none is given). In a sovereign
 * cloud an external issuer's `api://AzureADTokenExchange` is accepted too (the other convention).
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 * @see https://github.com/Azure/login/issues/452
 */
function recommendedAudience(issuer: string | undefined, options: FicValidationOptions): string {
  const issuerCloud = issuer === undefined ? undefined : entraIssuerCloud(issuer);
  const cloud = resolveCloud(options.cloud);
  if (issuerCloud === undefined) return cloud?.exchangeAudience ?? DEFAULT_EXCHANGE_AUDIENCE;
  return (cloud ?? issuerCloud).exchangeAudience;
}

function resolveCloud(cloud: FicValidationOptions["cloud"]): EntraCloud | undefined {
  if (cloud === undefined) return undefined;
  return typeof cloud === "string" ? KNOWN_CLOUDS[cloud] : cloud;
}
