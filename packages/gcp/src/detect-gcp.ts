import { readFile } from "node:fs/promises";
import { type Detection, HttpRequestError } from "@azfed/core";
import { type HttpRequest, sendRequest } from "@azfed/core/provider";
import { METADATA_HOST_ENV, METADATA_IP_ENV } from "./metadata-host";

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
    [METADATA_IP_ENV, "a metadata server named by GCE_METADATA_IP"],
    [METADATA_HOST_ENV, "a metadata server named by GCE_METADATA_HOST"],
  ] as const);

/**
 * The variable with which Google's own client is told how to detect the metadata server, and what
 * each of its values means. azfed honours the same values.
 *
 * @see https://github.com/googleapis/gcp-metadata/blob/main/src/index.ts (`METADATA_SERVER_DETECTION`, `isAvailable`)
 * @example
 * ```ts
 * process.env[METADATA_SERVER_DETECTION_ENV] = "none"; // never probe, never use Google Cloud
 * ```
 */
export const METADATA_SERVER_DETECTION_ENV = "METADATA_SERVER_DETECTION";

const DETECTION_MODES = ["assume-present", "none", "bios-only", "ping-only"] as const;
/** Linux Compute Engine VMs name Google as their BIOS vendor (gcp-metadata's `isGoogleComputeEngineLinux`). */
const BIOS_VENDOR_FILE = "/sys/class/dmi/id/bios_vendor";

/**
 * Probe answers, per set of metadata origins, for the life of the process: a host does not come and
 * go. A probe that timed out is not kept: a metadata server slow to start (or a loaded host) answers
 * the next probe, where a cached timeout would have ruled Google Cloud out until restart.
 */
const probes = new Map<string, Promise<Detection>>();

/**
 * Whether the Google Cloud metadata server is here, answered within `probeTimeoutMs` whatever the
 * network does, and never thrown: `METADATA_SERVER_DETECTION` first (as Google's client reads it),
 * then the environment hints ({@link GCP_ENVIRONMENT_HINTS}), then one probe of
 * `{origin}/computeMetadata/v1/` per origin, all at once; the first answer with
 * `Metadata-Flavor: Google` wins and the others are cancelled. The answer is remembered for the
 * life of the process, so the probe is made at most once.
 *
 * @internal
 */
export async function detectGcp(
  env: NodeJS.ProcessEnv,
  origins: readonly string[],
  probe: { probeTimeoutMs: number; dispatcher?: HttpRequest["dispatcher"] | undefined },
): Promise<Detection> {
  const mode = env[METADATA_SERVER_DETECTION_ENV]?.trim().toLowerCase();
  if (mode) {
    if (!(DETECTION_MODES as readonly string[]).includes(mode)) {
      return {
        available: false,
        reason: `${METADATA_SERVER_DETECTION_ENV} is ${JSON.stringify(env[METADATA_SERVER_DETECTION_ENV]?.slice(0, 40))}: expected one of ${DETECTION_MODES.join(", ")}, or unset it`,
      };
    }
    if (mode === "none") return { available: false, reason: `${METADATA_SERVER_DETECTION_ENV} is none` };
    if (mode === "assume-present") {
      return { available: true, reason: `${METADATA_SERVER_DETECTION_ENV} is assume-present` };
    }
    if (mode === "bios-only") return detectFromBios();
  }
  const hint = GCP_ENVIRONMENT_HINTS.find(([variable]) => env[variable]);
  if (hint) return { available: true, reason: `${hint[0]} is set (${hint[1]})` };
  const key = origins.join(" ");
  let answer = probes.get(key);
  if (answer === undefined) {
    const probed = probeMetadataServers(origins, probe.probeTimeoutMs, probe.dispatcher);
    answer = probed.then(({ detection }) => detection);
    probes.set(key, answer);
    void probed.then(({ timedOut }) => {
      if (timedOut && probes.get(key) === answer) probes.delete(key);
    });
  }
  return answer;
}

async function detectFromBios(): Promise<Detection> {
  const vendor = await readFile(BIOS_VENDOR_FILE, { encoding: "utf8", flag: "r" }).then(
    (text) => text.slice(0, 256),
    () => "",
  );
  return /Google/.test(vendor)
    ? {
        available: true,
        reason: `${METADATA_SERVER_DETECTION_ENV} is bios-only and the BIOS vendor is Google`,
      }
    : {
        available: false,
        reason: `${METADATA_SERVER_DETECTION_ENV} is bios-only and ${BIOS_VENDOR_FILE} does not name Google`,
      };
}

async function probeMetadataServers(
  origins: readonly string[],
  timeoutMs: number,
  dispatcher: HttpRequest["dispatcher"],
): Promise<{ readonly detection: Detection; readonly timedOut: boolean }> {
  const where = origins.join(" and ");
  const notHere = (why: string): Detection => ({
    available: false,
    reason: `no Google Cloud metadata server at ${where} (${why}) and none of ${GCP_ENVIRONMENT_HINTS.map(([variable]) => variable).join(", ")} is set: this is not Google Cloud, or set GCE_METADATA_HOST to the metadata server's host`,
  });
  const cancel = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // sendRequest honours its own timeout; the race is a second guarantee, whatever the dispatcher does.
  let timedOut = false;
  const deadline = new Promise<Detection>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve(notHere(`no answer within ${timeoutMs} ms`));
    }, timeoutMs + 50);
    timer.unref();
  });
  const found = Promise.all(
    origins.map((origin) =>
      probeOne(origin, timeoutMs, dispatcher, cancel.signal).then((outcome) => {
        // The first server that answers decides: the other probes are cancelled.
        if (outcome.available) throw outcome;
        if (outcome.timedOut) timedOut = true;
        return outcome.reason;
      }),
    ),
  ).then(
    (failures) => notHere(failures.join("; ")),
    (winner: Detection) => winner,
  );
  try {
    const detection = await Promise.race([found, deadline]);
    return { detection, timedOut: timedOut && !detection.available };
  } finally {
    clearTimeout(timer);
    cancel.abort();
  }
}

async function probeOne(
  origin: string,
  timeoutMs: number,
  dispatcher: HttpRequest["dispatcher"],
  signal: AbortSignal,
): Promise<Detection & { readonly timedOut?: boolean | undefined }> {
  try {
    const response = await sendRequest({
      url: `${origin}/computeMetadata/v1/`,
      headers: { "metadata-flavor": "Google" },
      timeoutMs,
      retry: { maxRetries: 0 },
      signal,
      ...(dispatcher ? { dispatcher } : {}),
      caller: "gcp",
    });
    return response.headers.get("metadata-flavor") === "Google"
      ? { available: true, reason: `the metadata server at ${origin} answered` }
      : {
          available: false,
          reason: `${origin} answered ${response.status} without the Metadata-Flavor: Google header`,
        };
  } catch (error) {
    const timedOut = error instanceof HttpRequestError && error.reason === "timeout";
    return {
      available: false,
      timedOut,
      reason: timedOut
        ? `${origin}: no answer within ${timeoutMs} ms`
        : `${origin}: nothing answered: ${networkErrorCode(error) ?? "network error"}`,
    };
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
