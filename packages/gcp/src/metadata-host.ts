import { InvalidInputError } from "@azfed/core";

/**
 * The metadata server's host name inside Google Cloud.
 *
 * @example
 * ```ts
 * `http://${DEFAULT_METADATA_HOST}/computeMetadata/v1/`;
 * ```
 */
export const DEFAULT_METADATA_HOST = "metadata.google.internal";

/**
 * The variable that, by Google's convention, overrides the metadata server's host (`host` or `host:port`).
 *
 * @example
 * ```ts
 * process.env[METADATA_HOST_ENV] = "127.0.0.1:8080";
 * ```
 */
export const METADATA_HOST_ENV = "GCE_METADATA_HOST";

/**
 * The variable that overrides the metadata server's address (`ip`, `ip:port` or a host). Google's
 * own Node.js client reads it before {@link METADATA_HOST_ENV}: `GCE_METADATA_IP || GCE_METADATA_HOST
 * || 169.254.169.254`.
 *
 * @see https://github.com/googleapis/gcp-metadata/blob/main/src/index.ts (`getBaseUrl`)
 * @example
 * ```ts
 * process.env[METADATA_IP_ENV] = "127.0.0.1:8080";
 * ```
 */
export const METADATA_IP_ENV = "GCE_METADATA_IP";

/**
 * The hosts `detect` probes together when none is configured: the link-local address and the DNS
 * name with a trailing dot (an absolute name, so no search domain is tried first). Google's own
 * client races the same two, "because the DNS is slow in some GCP environments" and the bare address
 * is tarpitted and slow to fail elsewhere.
 *
 * @see https://github.com/googleapis/gcp-metadata/blob/main/src/index.ts (`HOST_ADDRESS`,
 *   `SECONDARY_HOST_ADDRESS`, `fastFailMetadataRequest`)
 * @example
 * ```ts
 * DEFAULT_PROBE_HOSTS; // ["169.254.169.254", "metadata.google.internal."]
 * ```
 */
export const DEFAULT_PROBE_HOSTS: readonly string[] = Object.freeze([
  "169.254.169.254",
  "metadata.google.internal.",
]);

/**
 * The metadata host the environment or the options name, and where it came from: `metadataHost`,
 * then `GCE_METADATA_IP`, then `GCE_METADATA_HOST` (Google's client's order); `undefined` when none
 * does. A malformed value is an `InvalidInputError` naming its variable.
 *
 * @internal
 */
export function configuredMetadataOrigin(
  metadataHost: string | undefined,
  env: NodeJS.ProcessEnv,
): { readonly origin: string; readonly source: string } | undefined {
  if (metadataHost !== undefined)
    return { origin: metadataOrigin("metadataHost", metadataHost), source: "metadataHost" };
  for (const variable of [METADATA_IP_ENV, METADATA_HOST_ENV]) {
    const value = env[variable];
    if (value) return { origin: metadataOrigin(variable, value), source: variable };
  }
  return undefined;
}

/**
 * The metadata server's origin (`http://host[:port]`) for a host given as `host`, `host:port` or
 * `http://host[:port]`; anything with a path, query or credentials is an `InvalidInputError` naming
 * `field`.
 *
 * @internal
 */
export function metadataOrigin(field: string, host: string): string {
  const withScheme = /^https?:\/\//i.test(host) ? host : `http://${host}`;
  let url: URL | undefined;
  try {
    url = new URL(withScheme);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    host.trim() !== host ||
    url.hostname === "" ||
    url.username !== "" ||
    url.password !== "" ||
    url.search !== "" ||
    url.hash !== "" ||
    !/^\/?$/.test(url.pathname)
  ) {
    throw new InvalidInputError({
      field,
      value: host,
      expected:
        'a host name or address with an optional port, e.g. "metadata.google.internal" or "127.0.0.1:8080"',
      fix: "remove the path and query; the provider adds /computeMetadata/v1/ itself",
    });
  }
  return url.origin;
}
