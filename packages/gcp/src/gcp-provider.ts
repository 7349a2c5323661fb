import {
  type AssertionContext,
  AssertionFetchError,
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  HttpRequestError,
  InvalidInputError,
  type ProviderOptions,
} from "@azfed/core";
import {
  checkMilliseconds,
  checkProviderOptions,
  escapeControlCharacters,
  type HttpResponse,
  networkErrorCode,
  providerEnvironment,
  requireSubjectPart,
  scrubAndShorten,
  sendRequest,
} from "@azfed/core/provider";
import { detectGcp } from "./detect-gcp";
import {
  configuredMetadataOrigin,
  DEFAULT_METADATA_HOST,
  DEFAULT_PROBE_HOSTS,
  metadataOrigin,
} from "./metadata-host";

/**
 * Options of {@link gcp}.
 *
 * @example
 * ```ts
 * const options: GcpOptions = { serviceAccount: "api@contoso-prod.iam.gserviceaccount.com", probeTimeoutMs: 300 };
 * ```
 */
export interface GcpOptions extends ProviderOptions {
  // The metadata server is plain HTTP on a link-local name: a `dispatcher` (or HTTP(S)_PROXY) must
  // keep it out of any proxy (NO_PROXY=metadata.google.internal,169.254.169.254).
  /** `default` (the instance's or workload's service account) or a service account email. Default `default`. */
  readonly serviceAccount?: string | undefined;
  /**
   * The metadata server's host (`host` or `host:port`). Default `GCE_METADATA_IP`, then
   * `GCE_METADATA_HOST` (the order of Google's own client), then `metadata.google.internal`. Unlike
   * those variables, it is not taken as a sign that this is Google Cloud: `detect` still probes it.
   */
  readonly metadataHost?: string | undefined;
  /**
   * The hosts `detect` probes together when no host is configured (by `metadataHost`,
   * `GCE_METADATA_IP` or `GCE_METADATA_HOST`). Default {@link DEFAULT_PROBE_HOSTS}:
   * `169.254.169.254` and `metadata.google.internal.`, as Google's own client does. Tests point it
   * at local servers.
   */
  readonly probeHosts?: readonly string[] | undefined;
  /**
   * The whole budget of `detect`'s probe. Default 3000 ms: the timeout Google's own client gives its
   * detection request outside Google Cloud, where DNS can be slow
   * (https://github.com/googleapis/gcp-metadata/blob/main/src/index.ts, `requestTimeout`). The probe
   * is made only when no other platform was detected, and once per process.
   */
  readonly probeTimeoutMs?: number | undefined;
}

const SERVICE_ACCOUNT = /^(default|[^\s@/?#%]+@[^\s@/?#%]+)$/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const DEFAULT_PROBE_TIMEOUT_MS = 3000;
/** A reason phrase is a few words; the server's own (20 000 characters with escapes) is shown shortened. */
const MAX_STATUS_TEXT_LENGTH = 100;

/**
 * The provider {@link gcp} returns: an `AssertionProvider` whose `detect` is asynchronous (it may
 * probe the metadata server) and always settles within `probeTimeoutMs`.
 *
 * @example
 * ```ts
 * const provider: GcpAssertionProvider = gcp();
 * const detection = await provider.detect();
 * ```
 */
export interface GcpAssertionProvider extends AssertionProvider {
  readonly name: "gcp";
  /** Whether this is Google Cloud; `env` defaults to the factory's `env`, then `process.env`. Never throws. */
  detect(env?: NodeJS.ProcessEnv): Promise<Detection>;
}

/**
 * The Google Cloud provider: an identity token from the metadata server,
 * `GET http://{host}/computeMetadata/v1/instance/service-accounts/{default|email}/identity?audience=…&format=full`
 * with `Metadata-Flavor: Google`, fetched fresh for every exchange through core's retrying HTTP
 * helper. An answer without the `Metadata-Flavor: Google` response header is refused (it came from a
 * proxy or another server, not the metadata server). `detect` never hangs: environment hints first,
 * then one probe bounded by `probeTimeoutMs`, remembered for the process.
 *
 * @example
 * ```ts
 * import { FederatedTokenCredential } from "@azfed/core";
 * import { gcp } from "@azfed/gcp";
 *
 * const credential = new FederatedTokenCredential({
 *   tenantId: "00000000-0000-0000-0000-000000000000",
 *   clientId: "11111111-1111-1111-1111-111111111111",
 *   assertion: gcp(),
 * });
 * ```
 */
export function gcp(options: GcpOptions = {}): GcpAssertionProvider {
  checkProviderOptions(options);
  const serviceAccount = requireSubjectPart("serviceAccount", options.serviceAccount ?? "default", {
    pattern: SERVICE_ACCOUNT,
    expected: '"default" or a service account email such as api@contoso-prod.iam.gserviceaccount.com',
    fix: "leave serviceAccount out to use the one attached to the workload, or pass the email as gcloud iam service-accounts list shows it",
  });
  if (options.metadataHost !== undefined) metadataOrigin("metadataHost", options.metadataHost);
  const probeOrigins = (options.probeHosts ?? DEFAULT_PROBE_HOSTS).map((host, index) =>
    metadataOrigin(`probeHosts[${index}]`, host),
  );
  if (probeOrigins.length === 0) {
    throw new InvalidInputError({
      field: "probeHosts",
      value: options.probeHosts,
      expected: "at least one host",
      fix: "leave probeHosts out to probe the default hosts, 169.254.169.254 and metadata.google.internal",
    });
  }
  const probeTimeoutMs =
    checkMilliseconds("probeTimeoutMs", options.probeTimeoutMs) ?? DEFAULT_PROBE_TIMEOUT_MS;
  const origin = (env: NodeJS.ProcessEnv): string =>
    configuredMetadataOrigin(options.metadataHost, env)?.origin ?? `http://${DEFAULT_METADATA_HOST}`;

  return {
    name: "gcp",
    async detect(env?: NodeJS.ProcessEnv): Promise<Detection> {
      const source = providerEnvironment(options, env);
      let origins: readonly string[];
      try {
        // A configured host is the only one probed (Google's client races the two defaults only
        // when neither GCE_METADATA_IP nor GCE_METADATA_HOST is set).
        const configured = configuredMetadataOrigin(options.metadataHost, source);
        origins = configured ? [configured.origin] : probeOrigins;
      } catch (error) {
        return { available: false, reason: (error as Error).message };
      }
      return detectGcp(source, origins, { probeTimeoutMs, dispatcher: options.dispatcher });
    },
    async getAssertion(context: AssertionContext): Promise<string> {
      const metadata = origin(providerEnvironment(options));
      const url = `${metadata}/computeMetadata/v1/instance/service-accounts/${encodeServiceAccount(serviceAccount)}/identity?audience=${encodeURIComponent(context.audience)}&format=full`;
      let response: HttpResponse;
      try {
        response = await sendRequest({
          url,
          headers: { "metadata-flavor": "Google" },
          // Each unset one is `undefined`, which sendRequest takes as its default.
          signal: context.signal,
          timeoutMs: options.timeoutMs,
          retry: options.retry,
          dispatcher: options.dispatcher,
          caller: "gcp",
        });
      } catch (error) {
        // The caller's abort is thrown as it is; anything else says whether a server was there.
        if (error instanceof HttpRequestError && error.reason !== "aborted") {
          if (answered(error)) {
            // A server answered, but not usably (a body past the cap, throttling, an untrusted certificate): say what it did.
            throw new AssertionFetchError({ provider: "gcp", message: error.message, cause: error });
          }
          throw new CredentialUnavailableError(
            `gcp: the metadata server at ${metadata} ${
              error.reason === "timeout"
                ? "did not answer in time"
                : `could not be reached (${networkErrorCode(error) ?? "network error"})`
            } after ${error.attempts} attempt(s): this is not Google Cloud, or set GCE_METADATA_HOST to the metadata server's host`,
            { cause: error },
          );
        }
        throw error;
      }
      return readIdentityToken(response, metadata, serviceAccount);
    },
  };
}

/** `@` stays as is (the metadata server's own clients send it so); the rest is percent-encoded. */
function encodeServiceAccount(serviceAccount: string): string {
  // SERVICE_ACCOUNT allows one `@` at most.
  return encodeURIComponent(serviceAccount).replace("%40", "@");
}

function readIdentityToken(response: HttpResponse, origin: string, serviceAccount: string): string {
  const status = response.status;
  const fail = (message: string): never => {
    throw new AssertionFetchError({ provider: "gcp", message, statusCode: status });
  };
  if (response.headers.get("metadata-flavor") !== "Google") {
    fail(
      `${origin} answered ${status} without the Metadata-Flavor: Google response header, so it is not the Google Cloud metadata server (a proxy or another server answered); check GCE_METADATA_HOST and put metadata.google.internal in NO_PROXY`,
    );
  }
  if (status === 404) {
    fail(
      `the metadata server answered 404 for service account ${serviceAccount}: no such service account is attached to this workload (attach one, or pass serviceAccount: "default")`,
    );
  }
  if (status === 403) {
    fail(
      "the metadata server answered 403 Forbidden; on GKE, check that the Kubernetes service account is bound to a Google service account (Workload Identity Federation for GKE)",
    );
  }
  if (status !== 200) {
    fail(
      `the metadata server answered ${status} ${scrubAndShorten(escapeControlCharacters(response.statusText), MAX_STATUS_TEXT_LENGTH)}; expected 200 with an identity token`,
    );
  }
  const token = response.body.trim();
  if (!COMPACT_JWS.test(token)) {
    fail(
      `the metadata server answered 200 but ${token === "" ? "with an empty body" : "the body is not a JWT"}; expected the identity token as text`,
    );
  }
  return token;
}

/** Whether a server answered (too large a body, throttling, an untrusted certificate) rather than being absent. */
function answered(error: HttpRequestError): boolean {
  return error.reason === "too-large" || error.reason === "throttled" || error.reason === "certificate";
}
