/** The prefix of the variables that carry the headers the agent API asked the agent to send. */
const PREFIX = "BUILDKITE_REQUEST_HEADER_";
/** At most this many are forwarded, each value at most this long: outside input stays bounded. */
const MAX_HEADERS = 16;
const MAX_VALUE_LENGTH = 1024;
/** A header value without control characters (no CR/LF header forgery). */
const VISIBLE_VALUE = /^[\x20-\x7e]*$/;

/**
 * The `Buildkite-*` request headers the agent adds to every agent API request, from the job's
 * `BUILDKITE_REQUEST_HEADER_{NAME}` variables (`_` in the name becomes `-`; any other header is
 * ignored, as the agent does). A value with control characters or past 1024 characters is left out.
 *
 * @see https://github.com/buildkite/agent/blob/main/api/client.go (`requestHeadersFromEnv`: "not a
 *   permitted Buildkite-* header"; commit 5c219808e7e0bb55839b2110f3fd75cf5d25cdb8, checked 2026-12-07)
 * @see https://github.com/buildkite/agent/blob/main/agent/job_runner.go (the job runner sets
 *   `BUILDKITE_REQUEST_HEADER_%s` for the server-specified headers; same commit)
 * @internal
 */
export function agentRequestHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of Object.entries(env)) {
    if (count >= MAX_HEADERS) break;
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    const header = name.slice(PREFIX.length).replaceAll("_", "-").toLowerCase();
    if (!/^buildkite-[a-z0-9-]+$/.test(header)) continue;
    if (value.length > MAX_VALUE_LENGTH || !VISIBLE_VALUE.test(value)) continue;
    headers[header] = value;
    count++;
  }
  return headers;
}
