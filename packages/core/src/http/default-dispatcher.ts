import type { Dispatcher } from "undici";

import { nodeTransport } from "./node-transport";
import type { Transport } from "./transport";

type Undici = typeof import("undici");
let undiciModule: Promise<Undici> | undefined;
let sharedProxyAgent: { readonly settings: string; readonly agent: Dispatcher } | undefined;

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];

/** undici, loaded at the first request that needs it, so that importing azfed stays cheap. */
function loadUndici(): Promise<Undici> {
  undiciModule ??= import("undici");
  return undiciModule;
}

/**
 * The dispatcher used when none is given: undici's `EnvHttpProxyAgent` when `HTTPS_PROXY`,
 * `HTTP_PROXY` (or their lower-case forms) are set, honouring `NO_PROXY`; otherwise `undefined`
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
  if (!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)) return undefined;
  const settings = JSON.stringify(PROXY_VARIABLES.map((name) => env[name] ?? null));
  if (sharedProxyAgent?.settings !== settings) {
    const { EnvHttpProxyAgent } = await loadUndici();
    const variable = (upper: string): string | undefined => env[upper] ?? env[upper.toLowerCase()];
    const agent = new EnvHttpProxyAgent({
      ...(variable("HTTP_PROXY") ? { httpProxy: variable("HTTP_PROXY") } : {}),
      ...(variable("HTTPS_PROXY") ? { httpsProxy: variable("HTTPS_PROXY") } : {}),
      ...(variable("NO_PROXY") !== undefined ? { noProxy: variable("NO_PROXY") } : {}),
    });
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
