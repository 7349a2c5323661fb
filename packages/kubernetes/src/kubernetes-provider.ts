import {
  type AssertionContext,
  type AssertionProvider,
  type Clock,
  CredentialUnavailableError,
  checkProviderOptions,
  DEFAULT_EXCHANGE_AUDIENCE,
  type Detection,
  type ProviderOptions,
  providerEnvironment,
  requireClock,
  requireSubjectPart,
  type TokenRequestRoute,
} from "@azfed/core/provider";
import { detectKubernetes } from "./detect-kubernetes";
import { IDENTITY_BINDING_ENV, IdentityBindingProxy } from "./identity-binding-proxy";
import { projectedTokenFile } from "./projected-token-file";
import { WORKLOAD_IDENTITY_ENV } from "./workload-identity-environment";

/**
 * Options of {@link kubernetes}.
 *
 * @example
 * ```ts
 * const options: KubernetesOptions = { tokenFilePath: "/var/run/secrets/azure/tokens/azure-identity-token" };
 * ```
 */
export interface KubernetesOptions extends Pick<ProviderOptions, "env"> {
  /**
   * The projected token file. Default: `AZURE_FEDERATED_TOKEN_FILE`, read at each call (the webhook
   * sets it; its value changed between webhook versions, so prefer the variable to a fixed path).
   */
  readonly tokenFilePath?: string | undefined;
  /**
   * The current time in epoch milliseconds, against which the token's `exp` is checked. Default
   * `Date.now`. Tests pass their own to see a token expire without waiting.
   *
   * @example
   * ```ts
   * let now = Date.now();
   * const provider = kubernetes({ clock: () => now });
   * now += 3_600_000; // an hour later: the token read before has expired and is not presented
   * ```
   */
  readonly clock?: Clock | undefined;
  /**
   * Whether the token request goes to the AKS identity binding proxy the environment names
   * (`AZURE_KUBERNETES_TOKEN_PROXY`, with `AZURE_KUBERNETES_SNI_NAME` and `AZURE_KUBERNETES_CA_FILE`
   * or `AZURE_KUBERNETES_CA_DATA`). Default `true`: the workload identity webhook injects these
   * variables only into pods annotated for identity bindings, whose projected token Entra refuses
   * when presented directly. `false` ignores them and asks Entra directly. (The Azure SDKs ask for
   * the same opt-in, `enableAzureProxy`, while identity bindings are in preview.)
   */
  readonly identityBindingProxy?: boolean | undefined;
}

/**
 * The provider {@link kubernetes} returns: an `AssertionProvider` whose `detect` answers at once
 * (it looks at the environment and one file, never the network).
 *
 * @example
 * ```ts
 * const provider: KubernetesAssertionProvider = kubernetes();
 * const detection = provider.detect(); // not a promise
 * ```
 */
export interface KubernetesAssertionProvider extends AssertionProvider {
  readonly name: "kubernetes";
  /** Whether the token file is configured and exists; `env` defaults to the factory's `env`, then `process.env`. */
  detect(env?: NodeJS.ProcessEnv): Detection;
  /**
   * The AKS identity binding proxy the environment names, checked, for the credential's token
   * request; `undefined` when it names none (or `identityBindingProxy` is `false`).
   */
  tokenRequestRoute(): Promise<TokenRequestRoute | undefined>;
  /**
   * `api://AzureADTokenExchange` in every cloud: the projected file's audience is fixed by the pod
   * spec, and the workload identity webhook projects that one. A projected volume with another
   * audience needs the credential's `audience` option.
   *
   * @see https://github.com/Azure/azure-workload-identity/blob/main/pkg/webhook/consts.go (`DefaultAudience`)
   */
  defaultAudience(): string;
}

/**
 * The Kubernetes provider: the service-account token kubelet projects into the pod (Azure Workload
 * Identity). The file is checked at every exchange with one `stat` of its resolved target, so a token
 * kubelet rotated (by swapping the `..data` symlink) is used at once, and an expired token is never
 * presented. The client, tenant and authority the webhook injects (`AZURE_CLIENT_ID`,
 * `AZURE_TENANT_ID`, `AZURE_AUTHORITY_HOST`) are read by the credential, and returned by `detect`.
 * On a pod that uses AKS identity bindings, the credential's token request goes to the identity
 * binding proxy the webhook names, with its server name and CA ({@link IDENTITY_BINDING_ENV}).
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { kubernetes } from "@azfed/kubernetes";
 *
 * const credential = new FederatedTokenCredential({ assertion: kubernetes() });
 * const token = await credential.getToken("https://storage.azure.com/.default");
 * ```
 */
export function kubernetes(options: KubernetesOptions = {}): KubernetesAssertionProvider {
  checkProviderOptions(options);
  const tokenFilePath =
    options.tokenFilePath === undefined
      ? undefined
      : requireSubjectPart("tokenFilePath", options.tokenFilePath, {
          expected: "the path of the projected service-account token file",
          fix: "pass the path the pod's projected volume mounts, or leave tokenFilePath out to use AZURE_FEDERATED_TOKEN_FILE",
        });
  const file = projectedTokenFile(requireClock("clock", options.clock));
  const proxy = new IdentityBindingProxy();
  const useProxy = options.identityBindingProxy ?? true;

  return {
    name: "kubernetes",
    defaultAudience: () => DEFAULT_EXCHANGE_AUDIENCE,
    detect(env?: NodeJS.ProcessEnv): Detection {
      return detectKubernetes(providerEnvironment(options, env), tokenFilePath);
    },
    async tokenRequestRoute(): Promise<TokenRequestRoute | undefined> {
      return useProxy ? proxy.route(providerEnvironment(options)) : undefined;
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      context.signal?.throwIfAborted();
      const path =
        tokenFilePath ?? (providerEnvironment(options)[WORKLOAD_IDENTITY_ENV.tokenFile] || undefined);
      if (path === undefined) {
        const detection = detectKubernetes(providerEnvironment(options));
        throw new CredentialUnavailableError(
          `kubernetes: ${detection.available ? "no token file is configured" : detection.reason}`,
        );
      }
      // Behind the identity binding proxy, the token's audience is the proxy's (api://AKSIdentityBinding on
      // AKS), not the exchange audience: the proxy, not Entra, checks it.
      const env = providerEnvironment(options);
      const behindProxy =
        useProxy && Boolean(env[IDENTITY_BINDING_ENV.tokenProxy] || env[IDENTITY_BINDING_ENV.tokenEndpoint]);
      const expected = {
        audience: context.audience,
        ...(context.alternateAudience === undefined ? {} : { alternateAudience: context.alternateAudience }),
      };
      const { token } = await file.read(path, behindProxy ? undefined : expected, context.signal);
      context.signal?.throwIfAborted();
      return token;
    },
  };
}
