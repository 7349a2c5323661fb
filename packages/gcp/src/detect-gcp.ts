import { type Detection, HttpRequestError } from "@azfed/core";
import { type HttpRequest, networkErrorCode, readBoundedFile, sendRequest } from "@azfed/core/provider";
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
/**
 * Linux Compute Engine VMs name Google as their BIOS vendor (gcp-metadata's `isGoogleComputeEngineLinux`).
 *
 * @see https://github.com/googleapis/gcp-metadata/blob/main/src/gcp-residency.ts (`GCE_LINUX_BIOS_PATHS`;
 *   commit b49d1da195c99c63966dde394828dce8fe253847 of googleapis/gcp-metadata, checked 2026-12-07)
 */
const BIOS_VENDOR_FILE = "/sys/class/dmi/id/bios_vendor";
/** The BIOS vendor is a short name ("Google", "SeaBIOS"); a longer file is not one. */
const MAX_BIOS_VENDOR_BYTES = 256;

/** What one probe found: a detection, and whether it failed only because time ran out. */
interface ProbeOutcome {
  readonly detection: Detection;
  readonly timedOut: boolean;
}

/**
 * Probe answers, per set of metadata origins, for the life of the process: a host does not come and
 * go. A probe that timed out is not kept: a metadata server slow to start (or a loaded host) answers
 * the next probe, where a cached timeout would have ruled Google Cloud out until restart.
 */
const probes = new Map<string, Promise<ProbeOutcome>>();

/**
 * Whether the Google Cloud metadata server is here, answered within `probeTimeoutMs` (the budget of
 * each probe's `sendRequest`, which settles by then whatever the network or the dispatcher does) and
 * never thrown. `METADATA_SERVER_DETECTION` first, with the values Google's client takes:
 * `assume-present` and `none` decide; `ping-only` goes straight to the probe; `bios-only` takes the
 * environment hints ({@link GCP_ENVIRONMENT_HINTS}: Google's client too counts Cloud Run's and Cloud
 * Functions' variables) and then the BIOS vendor, never the network. Unset, the hints and then one
 * probe of `{origin}/computeMetadata/v1/` per origin, all at once; the first answer with
 * `Metadata-Flavor: Google` wins and the others are cancelled. A probe's answer is remembered for the
 * life of the process, so the probe is made at most once (one that timed out is made again).
 *
 * @see https://github.com/googleapis/gcp-metadata/blob/main/src/index.ts (`isAvailable`,
 *   `METADATA_SERVER_DETECTION`) and src/gcp-residency.ts (`detectGCPResidency`); commit
 *   b49d1da195c99c63966dde394828dce8fe253847 of googleapis/gcp-metadata, checked 2026-12-07
 * @internal
 */
export async function detectGcp(
  env: NodeJS.ProcessEnv,
  origins: readonly string[],
  probe: {
    probeTimeoutMs: number;
    dispatcher?: HttpRequest["dispatcher"] | undefined;
    /** The BIOS vendor file `bios-only` reads; tests name their own. */
    biosVendorFile?: string | undefined;
  },
): Promise<Detection> {
  const setting = env[METADATA_SERVER_DETECTION_ENV] ?? "";
  const mode = setting.trim().toLowerCase();
  if (mode !== "") {
    if (!(DETECTION_MODES as readonly string[]).includes(mode)) {
      return {
        available: false,
        reason: `${METADATA_SERVER_DETECTION_ENV} is ${JSON.stringify(setting.slice(0, 40))}: expected one of ${DETECTION_MODES.join(", ")}, or unset it`,
      };
    }
    if (mode === "none") return { available: false, reason: `${METADATA_SERVER_DETECTION_ENV} is none` };
    if (mode === "assume-present") {
      return { available: true, reason: `${METADATA_SERVER_DETECTION_ENV} is assume-present` };
    }
  }
  if (mode !== "ping-only") {
    const hint = GCP_ENVIRONMENT_HINTS.find(([variable]) => env[variable]);
    if (hint) return { available: true, reason: `${hint[0]} is set (${hint[1]})` };
    if (mode === "bios-only") return detectFromBios(probe.biosVendorFile ?? BIOS_VENDOR_FILE);
  }
  const key = JSON.stringify(origins);
  let answer = probes.get(key);
  if (answer === undefined) {
    answer = probeMetadataServers(origins, probe.probeTimeoutMs, probe.dispatcher);
    probes.set(key, answer);
    // Only this line removes an entry, once its probe settled: the entry is still this probe's.
    void answer.then(({ timedOut }) => {
      if (timedOut) probes.delete(key);
    });
  }
  return (await answer).detection;
}

async function detectFromBios(file: string): Promise<Detection> {
  const google = await readBoundedFile(file, { maxBytes: MAX_BIOS_VENDOR_BYTES }).then(
    ({ text }) => /Google/.test(text),
    () => false,
  );
  return google
    ? {
        available: true,
        reason: `${METADATA_SERVER_DETECTION_ENV} is bios-only and the BIOS vendor is Google`,
      }
    : {
        available: false,
        reason: `${METADATA_SERVER_DETECTION_ENV} is bios-only, none of ${hintVariables()} is set and ${file} does not name Google`,
      };
}

function hintVariables(): string {
  return GCP_ENVIRONMENT_HINTS.map(([variable]) => variable).join(", ");
}

async function probeMetadataServers(
  origins: readonly string[],
  timeoutMs: number,
  dispatcher: HttpRequest["dispatcher"],
): Promise<ProbeOutcome> {
  const cancel = new AbortController();
  const outcomes = origins.map((origin) => probeOne(origin, timeoutMs, dispatcher, cancel.signal));
  try {
    // The first server that answers decides: the other probes are cancelled.
    return await Promise.any(
      outcomes.map((outcome) =>
        outcome.then((probed) => (probed.detection.available ? probed : Promise.reject(probed))),
      ),
    );
  } catch {
    const failures = await Promise.all(outcomes);
    return {
      detection: {
        available: false,
        reason: `no Google Cloud metadata server at ${origins.join(" and ")} (${failures.map(({ detection }) => detection.reason).join("; ")}) and none of ${hintVariables()} is set: this is not Google Cloud, or set GCE_METADATA_HOST to the metadata server's host`,
      },
      timedOut: failures.some(({ timedOut }) => timedOut),
    };
  } finally {
    cancel.abort();
  }
}

async function probeOne(
  origin: string,
  timeoutMs: number,
  dispatcher: HttpRequest["dispatcher"],
  signal: AbortSignal,
): Promise<ProbeOutcome> {
  try {
    const response = await sendRequest({
      url: `${origin}/computeMetadata/v1/`,
      headers: { "metadata-flavor": "Google" },
      timeoutMs,
      retry: { maxRetries: 0 },
      signal,
      dispatcher,
      caller: "gcp",
    });
    const available = response.headers.get("metadata-flavor") === "Google";
    return {
      detection: available
        ? { available, reason: `the metadata server at ${origin} answered` }
        : {
            available,
            reason: `${origin} answered ${response.status} without the Metadata-Flavor: Google header`,
          },
      timedOut: false,
    };
  } catch (error) {
    const timedOut = error instanceof HttpRequestError && error.reason === "timeout";
    return {
      detection: {
        available: false,
        reason: timedOut
          ? `${origin}: no answer within ${timeoutMs} ms`
          : `${origin}: nothing answered: ${networkErrorCode(error) ?? "network error"}`,
      },
      timedOut,
    };
  }
}
