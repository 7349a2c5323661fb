import { type Detection, type HttpRequest, HttpRequestError, sendRequest } from "@azfed/core";
import { METADATA_HOST_ENV } from "./metadata-host";

/**
 * Variables whose presence says "this is Google Cloud" without asking the network, and where.
 *
 * @example
 * ```ts
 * const hint = GCP_ENVIRONMENT_HINTS.find(([variable]) => process.env[variable]);
 * ```
 */
export const GCP_ENVIRONMENT_HINTS: readonly (readonly [variable: string, platform: string])[] =
  Object.freeze([
    ["K_SERVICE", "a Cloud Run service"],
    ["CLOUD_RUN_JOB", "a Cloud Run job"],
    ["FUNCTION_TARGET", "Cloud Functions"],
    ["GAE_SERVICE", "App Engine"],
    [METADATA_HOST_ENV, "a metadata server named by GCE_METADATA_HOST"],
  ] as const);

/** Probe answers, per metadata origin, for the life of the process: a host does not come and go. */
const probes = new Map<string, Promise<Detection>>();

/**
 * Whether the Google Cloud metadata server is here, answered within `probeTimeoutMs` whatever the
 * network does, and never thrown: the environment hints ({@link GCP_ENVIRONMENT_HINTS}) first, then
 * one probe of `{origin}/computeMetadata/v1/` that must answer with `Metadata-Flavor: Google`. The
 * probe's answer is remembered per origin for the life of the process, so it is made at most once.
 *
 * @internal
 */
export async function detectGcp(
  env: NodeJS.ProcessEnv,
  origin: string,
  probe: { probeTimeoutMs: number; dispatcher?: HttpRequest["dispatcher"] },
): Promise<Detection> {
  const hint = GCP_ENVIRONMENT_HINTS.find(([variable]) => env[variable]);
  if (hint) return { available: true, reason: `${hint[0]} is set (${hint[1]})` };
  let answer = probes.get(origin);
  if (answer === undefined) {
    answer = probeMetadataServer(origin, probe.probeTimeoutMs, probe.dispatcher);
    probes.set(origin, answer);
  }
  return answer;
}

async function probeMetadataServer(
  origin: string,
  timeoutMs: number,
  dispatcher: HttpRequest["dispatcher"],
): Promise<Detection> {
  const notHere = (why: string): Detection => ({
    available: false,
    reason: `no Google Cloud metadata server at ${origin} (${why}) and none of ${GCP_ENVIRONMENT_HINTS.map(([variable]) => variable).join(", ")} is set: this is not Google Cloud, or set GCE_METADATA_HOST to the metadata server's host`,
  });
  let timer: NodeJS.Timeout | undefined;
  // sendRequest honours its own timeout; the race is a second guarantee, whatever the dispatcher does.
  const deadline = new Promise<Detection>((resolve) => {
    timer = setTimeout(() => resolve(notHere(`no answer within ${timeoutMs} ms`)), timeoutMs + 50);
    timer.unref();
  });
  const request = sendRequest({
    url: `${origin}/computeMetadata/v1/`,
    headers: { "metadata-flavor": "Google" },
    timeoutMs,
    retry: { maxRetries: 0 },
    ...(dispatcher ? { dispatcher } : {}),
    caller: "gcp",
  }).then(
    (response): Detection =>
      response.headers.get("metadata-flavor") === "Google"
        ? { available: true, reason: `the metadata server at ${origin} answered` }
        : notHere(`${origin} answered ${response.status} without the Metadata-Flavor: Google header`),
    (error: unknown): Detection =>
      notHere(
        error instanceof HttpRequestError && error.reason === "timeout"
          ? `no answer within ${timeoutMs} ms`
          : `nothing answered: ${networkErrorCode(error) ?? "network error"}`,
      ),
  );
  try {
    return await Promise.race([request, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The first `code` (ECONNREFUSED, ENOTFOUND, ...) in an error's cause chain.
 *
 * @internal
 */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return undefined;
}
