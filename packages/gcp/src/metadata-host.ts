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
