import { cloudForExchangeAudience, cloudLabel, type EntraCloud, KNOWN_CLOUDS } from "../../clouds";
import { checkTextField, type FicValidationOptions, type ProblemCollector } from "./fic-problem";

/** Errors for anything but exactly one audience; a warning for one that is not the cloud's exchange audience. */
export function checkAudiences(
  audiences: unknown,
  options: FicValidationOptions,
  problems: ProblemCollector,
): void {
  const recommended = recommendedAudience(options);
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
  if (audiences.length !== 1) {
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
    checkRecommendedAudience(field, audience.trim(), options, problems);
  });
}

function checkRecommendedAudience(
  field: string,
  audience: string,
  options: FicValidationOptions,
  problems: ProblemCollector,
): void {
  const cloud = resolveCloud(options.cloud);
  const audienceCloud = cloudForExchangeAudience(audience);
  if (cloud ? audienceCloud?.name === cloud.name : audienceCloud !== undefined) return;
  const recommended = recommendedAudience(options);
  const caseOnly = Object.values(KNOWN_CLOUDS).find(
    (known) => known.exchangeAudience.toLowerCase() === audience.toLowerCase(),
  );
  const message = audienceCloud
    ? `this is the exchange audience of the ${cloudLabel(audienceCloud.name)} cloud, but the identity is in the ${cloudLabel(cloud?.name ?? "public")} cloud. Fix: use ${JSON.stringify(recommended)}`
    : caseOnly
      ? `it differs from ${JSON.stringify(caseOnly.exchangeAudience)} only in letter case, and audiences match exactly. Fix: use ${JSON.stringify(caseOnly.exchangeAudience)}`
      : `it is not the recommended exchange audience ${JSON.stringify(recommended)}; it works only if the platform issues tokens with exactly this \`aud\`. Fix: prefer ${JSON.stringify(recommended)}`;
  problems.warning(field, audience, "recommended-audience", message);
}

function recommendedAudience(options: FicValidationOptions): string {
  return (resolveCloud(options.cloud) ?? KNOWN_CLOUDS.public).exchangeAudience;
}

function resolveCloud(cloud: FicValidationOptions["cloud"]): EntraCloud | undefined {
  if (cloud === undefined) return undefined;
  return typeof cloud === "string" ? KNOWN_CLOUDS[cloud] : cloud;
}
