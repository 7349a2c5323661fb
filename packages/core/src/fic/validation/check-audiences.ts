import {
  cloudForExchangeAudience,
  cloudLabel,
  DEFAULT_EXCHANGE_AUDIENCE,
  type EntraCloud,
  entraIssuerCloud,
  KNOWN_CLOUDS,
} from "../../clouds";
import { FIC_AUDIENCE_COUNT } from "../entra-fic-limits";
import { checkTextField, type FicValidationOptions, type ProblemCollector } from "./fic-problem";

/**
 * Errors for anything but exactly one audience; a warning for one that is not the audience the
 * issuer's tokens carry: `api://AzureADTokenExchange` for an external issuer in every cloud
 * (azure/login's and the workload identity webhook's default), the cloud's own exchange audience
 * for an Entra issuer (a managed identity as the FIC's assertion).
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
  const recommended = recommendedAudience(issuer, options);
  if (audience === recommended) return;
  const entraIssued = issuer !== undefined && entraIssuerCloud(issuer) !== undefined;
  const audienceCloud = cloudForExchangeAudience(audience);
  const caseOnly = Object.values(KNOWN_CLOUDS).find(
    (known) => known.exchangeAudience.toLowerCase() === audience.toLowerCase(),
  );
  const message = audienceCloud
    ? entraIssued
      ? `this is the exchange audience of the ${cloudLabel(audienceCloud.name)} cloud, but a managed identity's token issued by ${JSON.stringify(issuer)} carries ${JSON.stringify(recommended)}. Fix: use ${JSON.stringify(recommended)}`
      : `tokens of external issuers (GitHub, GitLab, Kubernetes, Google, Azure DevOps) carry ${JSON.stringify(DEFAULT_EXCHANGE_AUDIENCE)} in every cloud unless the workload asks for another; ${JSON.stringify(audience)} is the ${cloudLabel(audienceCloud.name)} cloud's audience for tokens Entra itself issues (managed identity). Fix: use ${JSON.stringify(recommended)}, or make the workload ask for ${JSON.stringify(audience)}`
    : caseOnly
      ? `it differs from ${JSON.stringify(caseOnly.exchangeAudience)} only in letter case, and audiences match exactly. Fix: use ${JSON.stringify(caseOnly.exchangeAudience)}`
      : `it is not the recommended exchange audience ${JSON.stringify(recommended)}; it works only if the platform issues tokens with exactly this \`aud\`. Fix: prefer ${JSON.stringify(recommended)}`;
  problems.warning(field, audience, "recommended-audience", message);
}

/**
 * The audience the issuer's tokens carry by default: an Entra issuer's (managed identity) is its
 * cloud's exchange audience (the issuer's host, else `options.cloud`); an external issuer's is
 * `api://AzureADTokenExchange` in every cloud.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 * @see https://github.com/Azure/login/blob/master/action.yml
 */
function recommendedAudience(issuer: string | undefined, options: FicValidationOptions): string {
  const issuerCloud = issuer === undefined ? undefined : entraIssuerCloud(issuer);
  if (issuerCloud === undefined) return DEFAULT_EXCHANGE_AUDIENCE;
  return (resolveCloud(options.cloud) ?? issuerCloud).exchangeAudience;
}

function resolveCloud(cloud: FicValidationOptions["cloud"]): EntraCloud | undefined {
  if (cloud === undefined) return undefined;
  return typeof cloud === "string" ? KNOWN_CLOUDS[cloud] : cloud;
}
