import type { STSClient, STSClientConfig } from "@aws-sdk/client-sts";
import {
  type AssertionContext,
  AssertionFetchError,
  type AssertionProvider,
  type Detection,
  InvalidInputError,
  type ProviderOptions,
} from "@azfed/core";
import { checkMilliseconds, checkProviderOptions, providerEnvironment } from "@azfed/core/provider";
import { caBundleAgent } from "./ca-bundle";
import { stsFailure } from "./sts-failure";
import { type StsLocation, stsLocation } from "./sts-location";

/**
 * The STS client settings {@link AwsOptions.clientConfig} passes on, except the region and
 * endpoint (the provider's own options).
 *
 * @example
 * ```ts
 * import { Agent } from "node:https";
 * const config: AwsStsClientConfig = { requestHandler: { httpsAgent: new Agent({ keepAlive: true }) } };
 * ```
 */
export type AwsStsClientConfig = Omit<STSClientConfig, "region" | "endpoint">;

/**
 * Options of {@link aws}.
 *
 * @example
 * ```ts
 * const options: AwsOptions = { region: "eu-west-2", durationSeconds: 300 };
 * ```
 */
export interface AwsOptions extends Pick<ProviderOptions, "env" | "timeoutMs"> {
  /**
   * The region whose STS endpoint issues the token. Default `AWS_REGION`, then `AWS_DEFAULT_REGION`,
   * then the AWS SDK's own sources (the shared config file's profile, then the EC2 instance metadata).
   * `aws-global` is refused: `GetWebIdentityToken` is not served by the global endpoint.
   */
  readonly region?: string | undefined;
  /**
   * The STS endpoint (a VPC endpoint's URL, a FIPS endpoint). Default `AWS_ENDPOINT_URL_STS`, then
   * `AWS_ENDPOINT_URL`, then the region's `https://sts.{region}.amazonaws.com`.
   */
  readonly endpoint?: string | undefined;
  /**
   * The token's lifetime, 60 to 3600 seconds. Default 300 (STS's default): one exchange needs
   * seconds, and azfed asks for a fresh token at every exchange.
   *
   * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html (DurationSeconds, read 2026-12-07)
   */
  readonly durationSeconds?: number | undefined;
  /**
   * More STS client settings: `credentials` (default: the SDK's default chain: environment, SSO and
   * profiles, web identity (EKS IRSA), ECS and EKS Pod Identity container credentials, EC2 instance
   * profile), `requestHandler` (a proxy agent or a custom CA: the AWS SDK has its own HTTP stack and
   * ignores `dispatcher` and `HTTPS_PROXY`), `maxAttempts`, `logger`. Without a `requestHandler`,
   * a PEM file named by `AWS_CA_BUNDLE` (as the AWS CLI reads it) is trusted besides Node's roots.
   */
  readonly clientConfig?: AwsStsClientConfig | undefined;
}

/**
 * The provider {@link aws} returns.
 *
 * @example
 * ```ts
 * const provider: AwsAssertionProvider = aws({ region: "eu-west-2" });
 * ```
 */
export interface AwsAssertionProvider extends AssertionProvider {
  readonly name: "aws";
  /** Whether `aws()` can be used here, from the options and the environment only (no network). Never throws. */
  detect(env?: NodeJS.ProcessEnv): Detection;
}

/** The signing algorithm asked for: the one the Entra emulator, and Microsoft's AWS example, use. */
const SIGNING_ALGORITHM = "RS256";
const DEFAULT_DURATION_SECONDS = 300;
const DEFAULT_TIMEOUT_MS = 30_000;
/** A token is a few kilobytes (tags add claims); anything far larger is not one. */
const MAX_TOKEN_CHARS = 32_768;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The AWS provider (IAM outbound identity federation): a JWT from STS `GetWebIdentityToken`
 * (`Audience` the exchange audience, `SigningAlgorithm` RS256, `DurationSeconds` 300), asked for
 * fresh at every exchange, with the credentials of the AWS SDK's default chain (Lambda, ECS task
 * role, EKS IRSA or Pod Identity, EC2 instance profile, profiles) on the region's STS endpoint. Its
 * `sub` is the calling role's ARN: the federated credential is {@link awsFederatedCredential}.
 *
 * `@aws-sdk/client-sts` is loaded at the first token request, not when this package is imported.
 * `DefaultFederatedCredential` uses this provider only when named (`AZFED_PROVIDER=aws`): the signs
 * of AWS (instance metadata, ECS and EKS variables) are also there on a self-hosted CI runner.
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html (read 2026-12-07)
 * @see @aws-sdk/client-sts 3.1178.0 dist-types/models/models_0.d.ts (GetWebIdentityTokenRequest: Audience, SigningAlgorithm, DurationSeconds; GetWebIdentityTokenResponse: WebIdentityToken, Expiration)
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { aws } from "@azfed/aws";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: "00000000-0000-0000-0000-000000000000",
 *   clientId: "11111111-1111-1111-1111-111111111111",
 *   assertion: aws(), // region from AWS_REGION, credentials from the role
 * });
 * ```
 */
export function aws(options: AwsOptions = {}): AwsAssertionProvider {
  checkProviderOptions(options);
  const durationSeconds = checkDuration(options.durationSeconds);
  const timeoutMs = checkMilliseconds("timeoutMs", options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  // Options are checked at once; the environment at each use.
  stsLocation(options, {});
  const clients = new Map<string, Promise<STSClient>>();

  const clientFor = (location: StsLocation, caBundle: string | undefined): Promise<STSClient> => {
    const bundle = options.clientConfig?.requestHandler === undefined ? caBundle : undefined;
    const key = `${location.region ?? ""} ${location.endpoint ?? ""} ${bundle ?? ""}`;
    let client = clients.get(key);
    if (client === undefined) {
      client = Promise.all([import("@aws-sdk/client-sts"), bundle ? caBundleAgent(bundle) : undefined]).then(
        ([{ STSClient }, httpsAgent]) =>
          new STSClient({
            ...options.clientConfig,
            ...(httpsAgent ? { requestHandler: { httpsAgent } } : {}),
            ...(location.region !== undefined ? { region: location.region } : {}),
            ...(location.endpoint !== undefined ? { endpoint: location.endpoint } : {}),
          }),
      );
      // A failed load (a bad CA bundle) is not kept: the next call tries again.
      client.catch(() => clients.delete(key));
      clients.set(key, client);
    }
    return client;
  };

  return {
    name: "aws",
    detect(env?: NodeJS.ProcessEnv): Detection {
      try {
        const location = stsLocation(options, providerEnvironment(options, env));
        const region = location.region
          ? `region ${location.region} from ${location.regionSource}`
          : "the region from the AWS SDK's config file or instance metadata";
        return {
          available: true,
          reason: `AWS STS GetWebIdentityToken (${region}), credentials from the AWS SDK's default chain`,
        };
      } catch (error) {
        return { available: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    async getAssertion(ctx: AssertionContext): Promise<string> {
      const env = providerEnvironment(options);
      const location = stsLocation(options, env);
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
      let answer: { WebIdentityToken?: string | undefined };
      try {
        const [client, { GetWebIdentityTokenCommand }] = await Promise.all([
          clientFor(location, env.AWS_CA_BUNDLE || undefined),
          import("@aws-sdk/client-sts"),
        ]);
        answer = await client.send(
          new GetWebIdentityTokenCommand({
            Audience: [ctx.audience],
            SigningAlgorithm: SIGNING_ALGORITHM,
            DurationSeconds: durationSeconds,
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        throw stsFailure(error, {
          location,
          audience: ctx.audience,
          durationSeconds,
          timeoutMs,
          callerAborted: ctx.signal?.aborted === true,
          timedOut: timeout.aborted && ctx.signal?.aborted !== true,
        });
      }
      return readToken(answer.WebIdentityToken);
    },
  };
}

function readToken(token: unknown): string {
  if (typeof token !== "string" || token.length > MAX_TOKEN_CHARS || !COMPACT_JWS.test(token)) {
    throw new AssertionFetchError({
      provider: "aws",
      message: `STS answered GetWebIdentityToken without a JWT in WebIdentityToken (${typeof token === "string" ? `${token.length} characters` : "none"}); expected a signed token`,
    });
  }
  return token;
}

function checkDuration(value: number | undefined): number {
  if (value === undefined) return DEFAULT_DURATION_SECONDS;
  if (!Number.isInteger(value) || value < 60 || value > 3600) {
    throw new InvalidInputError({
      field: "durationSeconds",
      value,
      expected: "a whole number of seconds from 60 to 3600 (STS's range)",
      fix: "leave it out for 300",
    });
  }
  return value;
}
