import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { type Dispatcher, fetch } from "undici";

/**
 * An MSAL `INetworkModule` that sends requests with undici's `fetch` through a dispatcher (the
 * emulator's, which trusts the test CA). Test-only: MSAL gets real HTTPS, no stubs.
 */
export function undiciNetworkClient(dispatcher: Dispatcher): INetworkModule {
  async function send<T>(
    method: "GET" | "POST",
    url: string,
    options: NetworkRequestOptions = {},
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> {
    const response = await fetch(url, {
      method,
      headers: options.headers,
      body: options.body,
      dispatcher,
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    const text = await response.text();
    let body: unknown = {};
    try {
      body = text === "" ? {} : JSON.parse(text);
    } catch {
      body = { error: "non_json_response", error_description: text.slice(0, 200) };
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: body as T };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send("GET", url, options, timeout),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}
