import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * What a hostile server saw of one request, handed to an `echo` fault so that it can send the
 * request's secrets back (the bearer token, the client assertion) the way a compromised service might.
 *
 * @example
 * ```ts
 * const echo = (request: EchoedRequest) => JSON.stringify({ message: `bad token ${request.headers.authorization}` });
 * ```
 */
export interface EchoedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The request body as text (a token request's form: `client_assertion=…&…`). */
  readonly body: string;
  /** The form fields of an `application/x-www-form-urlencoded` body, decoded. */
  readonly form: Readonly<Record<string, string>>;
}

/**
 * An answer no honest server gives, for tests that check a client stays bounded and leak-free:
 * - `huge-body`: `bytes` bytes of `fill` (default `"x"`), with a `content-length` unless `declareLength` is `false`;
 * - `endless-body`: a body that never ends (chunks until the client goes away);
 * - `slow-drip`: `body` one byte every `intervalMs`;
 * - `reset-mid-body`: the first `afterBytes` bytes of `body`, then the connection is destroyed;
 * - `echo`: a body built from the request, e.g. its bearer token sent back inside an error.
 * Each takes a `status` (default 200) and `headers` (e.g. a wrong `content-type`, a `location`).
 *
 * @example
 * ```ts
 * entra.failNext(1, { hostile: "endless-body", status: 400, headers: { "content-type": "application/json" } });
 * github.failNext(1, { hostile: "echo", status: 401, body: (request) => JSON.stringify({ message: String(request.headers.authorization) }) });
 * ```
 */
export type HostileFault =
  | (HostileAnswer & {
      readonly hostile: "huge-body";
      readonly bytes: number;
      readonly fill?: string;
      readonly declareLength?: boolean;
    })
  | (HostileAnswer & { readonly hostile: "endless-body"; readonly fill?: string })
  | (HostileAnswer & { readonly hostile: "slow-drip"; readonly body: string; readonly intervalMs: number })
  | (HostileAnswer & {
      readonly hostile: "reset-mid-body";
      readonly body: string;
      readonly afterBytes: number;
    })
  | (HostileAnswer & {
      readonly hostile: "echo";
      /** The answer's body, made from the request it answers (to echo a secret back). */
      readonly body: (request: EchoedRequest) => string;
    });

/**
 * The status and headers every {@link HostileFault} may set.
 *
 * @example
 * ```ts
 * const answer: HostileAnswer = { status: 400, headers: { "content-type": "text/html" } };
 * ```
 */
export interface HostileAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Whether `fault` is a {@link HostileFault}. @internal */
export function isHostileFault(fault: unknown): fault is HostileFault {
  const kind =
    typeof fault === "object" && fault !== null ? (fault as { hostile?: unknown }).hostile : undefined;
  return (
    kind === "huge-body" ||
    kind === "endless-body" ||
    kind === "slow-drip" ||
    kind === "reset-mid-body" ||
    kind === "echo"
  );
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Serves a {@link HostileFault} on `response`; settles when the answer ended or the client left.
 *
 * @internal
 */
export async function serveHostileFault(
  fault: HostileFault,
  response: ServerResponse,
  requestBody?: string,
): Promise<void> {
  const status = fault.status ?? 200;
  const headers = { "content-type": "application/json; charset=utf-8", ...fault.headers };
  const gone = new Promise<void>((resolve) => response.once("close", () => resolve()));
  let closed = false;
  void gone.then(() => {
    closed = true;
  });
  const write = (chunk: string | Buffer): Promise<void> =>
    response.write(chunk) ? Promise.resolve() : Promise.race([once(response, "drain"), gone]);

  switch (fault.hostile) {
    case "huge-body": {
      const chunk = Buffer.alloc(CHUNK_BYTES, fault.fill ?? "x");
      response.writeHead(
        status,
        fault.declareLength === false ? headers : { ...headers, "content-length": fault.bytes },
      );
      for (let sent = 0; sent < fault.bytes && !closed; sent += CHUNK_BYTES) {
        await write(chunk.subarray(0, Math.min(CHUNK_BYTES, fault.bytes - sent)));
      }
      if (!closed) response.end();
      return;
    }
    case "endless-body": {
      const chunk = Buffer.alloc(CHUNK_BYTES, fault.fill ?? "x");
      response.writeHead(status, headers);
      while (!closed) await write(chunk);
      return;
    }
    case "slow-drip": {
      const bytes = Buffer.from(fault.body);
      response.writeHead(status, { ...headers, "content-length": bytes.length });
      for (let index = 0; index < bytes.length && !closed; index++) {
        await write(bytes.subarray(index, index + 1));
        await Promise.race([new Promise((resolve) => setTimeout(resolve, fault.intervalMs)), gone]);
      }
      if (!closed) response.end();
      return;
    }
    case "reset-mid-body": {
      const bytes = Buffer.from(fault.body);
      response.writeHead(status, { ...headers, "content-length": bytes.length });
      await write(bytes.subarray(0, fault.afterBytes));
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.socket?.destroy();
      return;
    }
    case "echo": {
      const body = fault.body(await readRequest(response.req, requestBody));
      response.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
      response.end(body);
      return;
    }
  }
}

async function readRequest(
  request: IncomingMessage,
  alreadyRead: string | undefined,
): Promise<EchoedRequest> {
  let body = alreadyRead ?? "";
  if (alreadyRead === undefined && !request.readableEnded) {
    for await (const chunk of request) body += String(chunk);
  }
  const form: Record<string, string> = {};
  if (String(request.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
    for (const [name, value] of new URLSearchParams(body)) form[name] = value;
  }
  return { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers, body, form };
}

function once(emitter: ServerResponse, event: string): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()));
}

/**
 * How an `echo` fault sends a secret back: whole, one of its dot-separated parts, every character
 * `\u`-escaped (only a JSON decoder turns it back into the secret), or not at all.
 *
 * @example
 * ```ts
 * const how: SecretEcho = "escaped";
 * ```
 */
export type SecretEcho = "whole" | "payload" | "signature" | "escaped" | "none";

/**
 * The text an `echo` fault puts in its answer for `secret`, as `how` says. `escaped` is meant for the
 * inside of a JSON string.
 *
 * @example
 * ```ts
 * github.failNext(1, {
 *   hostile: "echo",
 *   status: 400,
 *   body: (request) => `{"message":"${echoSecret(String(request.headers.authorization), "escaped")}"}`,
 * });
 * ```
 */
export function echoSecret(secret: string, how: SecretEcho): string {
  const parts = secret.split(".");
  switch (how) {
    case "whole":
      return secret;
    case "payload":
      return parts[1] ?? "";
    case "signature":
      return parts.at(-1) ?? "";
    case "escaped":
      return [...secret]
        .map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .join("");
    case "none":
      return "";
  }
}
