import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import { isIP } from "node:net";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type TestCertificateAuthority, testCertificateAuthority } from "./certificate-authority";
import { listen } from "./listening-server";

/**
 * A server listening on 127.0.0.1 (by default) until {@link RunningServer.close}.
 *
 * @example
 * ```ts
 * const server = await startHttpsServer((req, res) => res.end("ok"));
 * console.log(server.url); // "https://127.0.0.1:49731"
 * await server.close();
 * ```
 */
export interface RunningServer {
  /** `https://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and destroys open (keep-alive) connections, so tests end at once. */
  close(): Promise<void>;
}

/**
 * Handles one request of a server started by {@link startHttpsServer}. A thrown error or a rejected
 * promise becomes a 500 answer (or a destroyed connection once headers are sent).
 *
 * @example
 * ```ts
 * const handler: RequestHandler = (req, res) => {
 *   res.setHeader("content-type", "application/json");
 *   res.end(JSON.stringify({ path: req.url }));
 * };
 * ```
 */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/**
 * Options of {@link startHttpsServer}.
 *
 * @example
 * ```ts
 * const options: HttpsServerOptions = { host: "127.0.0.1", port: 0 };
 * ```
 */
export interface HttpsServerOptions {
  /** The address to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** The port. Default 0: any free port. */
  readonly port?: number;
  /** The CA that signs the server certificate. Default: {@link testCertificateAuthority}(). */
  readonly ca?: TestCertificateAuthority;
}

/**
 * Starts an HTTPS server whose certificate the test CA signed (for 127.0.0.1, localhost and ::1).
 *
 * @example
 * ```ts
 * import { fetch } from "undici";
 * const ca = await testCertificateAuthority();
 * const server = await startHttpsServer((req, res) => res.end("hello"), { ca });
 * const text = await (await fetch(`${server.url}/`, { dispatcher: ca.dispatcher })).text(); // "hello"
 * await server.close();
 * ```
 */
export async function startHttpsServer(
  handler: RequestHandler,
  options: HttpsServerOptions = {},
): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidEmulatorOptionError({
      field: "port",
      value: port,
      expected: "an integer from 0 to 65535",
      fix: "pass 0 (or nothing) to get a free port",
    });
  }
  const ca = options.ca ?? (await testCertificateAuthority());
  const hosts = ["127.0.0.1", "localhost", "::1"];
  if (!hosts.includes(host)) hosts.push(host);
  const { certificatePem, privateKeyPem } = ca.issueServerCertificate(hosts);

  const server = createServer({ cert: certificatePem, key: privateKeyPem }, (request, response) => {
    Promise.resolve()
      .then(() => handler(request, response))
      .catch(() => {
        if (response.headersSent) {
          response.destroy();
        } else {
          response.writeHead(500, { "content-type": "text/plain" }).end("emulator handler failed");
        }
      });
  });
  const listening = await listen(server, port, host);
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  return {
    url: `https://${shownHost}:${listening.port}`,
    port: listening.port,
    close: listening.close,
  };
}
