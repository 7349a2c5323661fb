import { InvalidInputError } from "@azfed/core";

/**
 * Where the provider sends `GetWebIdentityToken`: the region and the endpoint, each with where it
 * came from. `undefined` leaves it to the AWS SDK (a region from the shared config file or the
 * instance metadata; the region's endpoint).
 *
 * @internal
 */
export interface StsLocation {
  readonly region: string | undefined;
  readonly regionSource: string | undefined;
  readonly endpoint: string | undefined;
  readonly endpointSource: string | undefined;
}

/** The region name that makes the SDK use STS's global endpoint. */
const GLOBAL_REGION = "aws-global";
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,4}$/;
/** STS's global endpoint hosts: `GetWebIdentityToken` is not served there. */
const GLOBAL_HOSTS = new Set(["sts.amazonaws.com", "sts.amazonaws.com.cn"]);

/**
 * The region and endpoint from the options, then the environment: `region`, `AWS_REGION`,
 * `AWS_DEFAULT_REGION` (the AWS CLI's; the JavaScript SDK alone reads only `AWS_REGION`);
 * `endpoint`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL` (the SDK's service-specific endpoint
 * variables). The global endpoint, in any of these forms, is an `InvalidInputError`:
 * `GetWebIdentityToken` answers only on a regional endpoint.
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html ("not available on the STS Global endpoint", read 2026-12-07)
 * @internal
 */
export function stsLocation(
  options: { readonly region?: string | undefined; readonly endpoint?: string | undefined },
  env: NodeJS.ProcessEnv,
): StsLocation {
  const [regionSource, region] = firstSet([
    ["region", options.region],
    ["AWS_REGION", env.AWS_REGION],
    ["AWS_DEFAULT_REGION", env.AWS_DEFAULT_REGION],
  ]);
  if (region !== undefined && regionSource !== undefined) checkRegion(regionSource, region);
  const [endpointSource, endpoint] = firstSet([
    ["endpoint", options.endpoint],
    ["AWS_ENDPOINT_URL_STS", env.AWS_ENDPOINT_URL_STS],
    ["AWS_ENDPOINT_URL", env.AWS_ENDPOINT_URL],
  ]);
  return {
    region,
    regionSource,
    endpoint:
      endpoint !== undefined && endpointSource !== undefined
        ? checkEndpoint(endpointSource, endpoint)
        : undefined,
    endpointSource,
  };
}

function firstSet(
  candidates: readonly (readonly [string, string | undefined])[],
): readonly [string, string] | readonly [undefined, undefined] {
  for (const [source, value] of candidates) {
    if (value !== undefined && value !== "") return [source, value];
  }
  return [undefined, undefined];
}

function checkRegion(field: string, region: string): void {
  if (region === GLOBAL_REGION) {
    throw new InvalidInputError({
      field,
      value: region,
      expected: "a region such as us-east-1: GetWebIdentityToken is not served by STS's global endpoint",
      fix: `set ${field} to the region the workload runs in`,
    });
  }
  if (!REGION.test(region)) {
    throw new InvalidInputError({
      field,
      value: region,
      expected: 'an AWS region such as "us-east-1" or "eu-west-2"',
      fix: `set ${field} to the region the workload runs in`,
    });
  }
}

function checkEndpoint(field: string, endpoint: string): string {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  const usable =
    url !== undefined &&
    url.protocol === "https:" &&
    url.username === "" &&
    url.password === "" &&
    url.search === "";
  if (!usable || url === undefined) {
    throw new InvalidInputError({
      field,
      value: endpoint,
      expected: "an https:// STS endpoint, e.g. https://sts.eu-west-2.amazonaws.com or a VPC endpoint's URL",
      fix: `set ${field} to a regional STS endpoint, or unset it to use the region's`,
    });
  }
  if (GLOBAL_HOSTS.has(url.hostname.toLowerCase())) {
    throw new InvalidInputError({
      field,
      value: endpoint,
      expected:
        "a regional STS endpoint, https://sts.{region}.amazonaws.com: GetWebIdentityToken is not served by the global endpoint",
      fix: `set ${field} to https://sts.{region}.amazonaws.com, or unset it and set AWS_REGION`,
    });
  }
  return url.href.replace(/\/$/, "");
}
