import type { Dispatcher } from "undici";

import { nodeTransport } from "./node-transport";
import type { Transport } from "./transport";

type Undici = typeof import("undici");
let undiciModule: Promise<Undici> | undefined;
let sharedProxyAgent: { readonly settings: string; readonly agent: Dispatcher } | undefined;

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];

/**
 * Whether `url` names a loopback or link-local host (127.0.0.0/8, `localhost`, ::1, 169.254.0.0/16,
 * fe80::/10, and the IPv4 ones written as IPv4-mapped IPv6 addresses, `[::ffff:127.0.0.1]`): the managed identity endpoints (IMDS, App Service's local endpoint) and emulators. A
 * proxy can never reach them on the caller's behalf, and a request to one carries a secret
 * (`X-IDENTITY-HEADER`) the proxy must not see: they are never proxied, whatever `NO_PROXY` says.
 *
 * @example
 * ```ts
 * isLocalEndpoint("http://169.254.169.254/metadata/identity/oauth2/token"); // true
 * isLocalEndpoint("https://login.microsoftonline.com/"); // false
 * ```
 */
export function isLocalEndpoint(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^169\.254\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === "::1" ||
    /^fe[89ab][0-9a-f]:/.test(host) ||
    // An IPv4-mapped address (RFC 4291 section 2.5.5.2), which the WHATWG URL parser writes in hex:
    // [::ffff:127.0.0.1] is "::ffff:7f00:1", [::ffff:169.254.169.254] is "::ffff:a9fe:a9fe".
    /^::ffff:(7f[0-9a-f]{2}|a9fe):[0-9a-f]{1,4}$/.test(host)
  );
}

/** undici, loaded at the first request that needs it, so that importing azfed stays cheap. */
function loadUndici(): Promise<Undici> {
  // Stryker disable next-line StringLiteral: "" would make the bundler load Stryker's sandbox folder.
  undiciModule ??= import("undici");
  return undiciModule;
}

/**
 * The dispatcher used when none is given: undici's `EnvHttpProxyAgent` when `HTTPS_PROXY`,
 * `HTTP_PROXY` (or their lower-case forms) are set in `env`, honouring `NO_PROXY`; otherwise `undefined`
 * (requests go through `node:https` and its global agent). One agent is shared while the variables stay the same.
 *
 * @example
 * ```ts
 * await sendRequest({ url, dispatcher: await defaultDispatcher() });
 * ```
 */
export async function defaultDispatcher(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Dispatcher | undefined> {
  // Each setting from `env` alone (the upper-case name first; empty is unset), never process.env,
  // which undici's agent reads for a setting it is not given.
  const variable = (upper: string): string => env[upper] || env[upper.toLowerCase()] || "";
  const httpProxy = variable("HTTP_PROXY");
  const httpsProxy = variable("HTTPS_PROXY");
  if (!httpProxy && !httpsProxy) return undefined;
  const settings = JSON.stringify(PROXY_VARIABLES.map((name) => env[name] ?? null));
  if (sharedProxyAgent?.settings !== settings) {
    const { EnvHttpProxyAgent } = await loadUndici();
    const agent = new EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy: variable("NO_PROXY") });
    sharedProxyAgent = { settings, agent };
  }
  return sharedProxyAgent.agent;
}

/**
 * How a request is sent: through undici's `fetch` when a dispatcher applies (its own, or the proxy
 * agent), so the dispatcher and the fetch come from the same undici; otherwise through `node:https`
 * ({@link nodeTransport}), which loads no undici at all.
 */
export function transportFor(dispatcher: Dispatcher | undefined): Transport {
  return dispatcher === undefined ? nodeTransport : undiciTransport(dispatcher);
}

function undiciTransport(dispatcher: Dispatcher): Transport {
  return async (request) => {
    const { fetch } = await loadUndici();
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      redirect: "manual",
      dispatcher,
    });
    const reader = response.body?.getReader();
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      read: async () => (reader ? ((await reader.read()).value ?? undefined) : undefined),
      cancel: async () => {
        await (reader ?? response.body)?.cancel().catch(() => undefined);
      },
    };
  };
}
