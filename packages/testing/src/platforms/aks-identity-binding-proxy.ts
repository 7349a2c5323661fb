import { rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import { join } from "node:path";
import { createSecureContext } from "node:tls";
import { type Dispatcher, fetch } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import {
  separateCertificateAuthority,
  type TestCertificateAuthority,
} from "../servers/certificate-authority";
import { listen } from "../servers/listening-server";
import { createPidOwnedTemporaryDirectory } from "../servers/pid-owned-directory";

/**
 * Options of {@link startAksIdentityBindingProxy}.
 *
 * @example
 * ```ts
 * const options: AksIdentityBindingProxyOptions = { upstream: entra, serverName: "ib.westeurope.aks.test" };
 * ```
 */
export interface AksIdentityBindingProxyOptions {
  /** Where token requests are forwarded: the Entra emulator (its `url` and a `dispatcher` that trusts it). */
  readonly upstream: { readonly url: string; readonly dispatcher: Dispatcher };
  /** The TLS server name the proxy serves, and the only one: its certificate names it. Default `ib-proxy.aks.test`. */
  readonly serverName?: string;
  /** A path the proxy URL carries, e.g. `/identity`; requests must start with it. Default none. */
  readonly pathPrefix?: string;
}

/**
 * One request the proxy received over an accepted TLS connection (never its body: it holds the token).
 *
 * @example
 * ```ts
 * proxy.requests[0]; // { method: "POST", path: "/tenant/oauth2/v2.0/token", serverName: "ib-proxy.aks.test", status: 200 }
 * ```
 */
export interface AksIdentityBindingProxyRequest {
  readonly method: string;
  /** The path and query received. */
  readonly path: string;
  /** The server name (SNI) the client sent. */
  readonly serverName: string | undefined;
  /** The status answered (Entra's, or 404 for a path outside the prefix). */
  readonly status: number;
}

/**
 * A running AKS identity binding proxy emulator.
 *
 * @example
 * ```ts
 * const proxy = await startAksIdentityBindingProxy({ upstream: entra });
 * const env = { ...tokenFile.env(), ...proxy.env() };
 * ```
 */
export interface AksIdentityBindingProxy {
  /** `https://127.0.0.1:PORT` plus the path prefix: the value of `AZURE_KUBERNETES_TOKEN_PROXY`. */
  readonly url: string;
  /** The server name it serves (`AZURE_KUBERNETES_SNI_NAME`). */
  readonly serverName: string;
  /** Its own CA, which no other emulator uses: only a client given this CA trusts the proxy. */
  readonly ca: TestCertificateAuthority;
  /** A file holding the CA's certificate (`AZURE_KUBERNETES_CA_FILE`), removed by `close`. */
  readonly caFile: string;
  /** Requests received over accepted connections. */
  readonly requests: readonly AksIdentityBindingProxyRequest[];
  /** TLS handshakes it refused, with the server name each asked for (`undefined`: none was sent). */
  readonly refusedHandshakes: readonly { readonly serverName: string | undefined }[];
  /**
   * The variables the workload identity webhook injects into an identity-binding pod:
   * `AZURE_KUBERNETES_TOKEN_PROXY`, `AZURE_KUBERNETES_SNI_NAME`, `AZURE_KUBERNETES_CA_FILE`.
   */
  env(): Record<
    "AZURE_KUBERNETES_TOKEN_PROXY" | "AZURE_KUBERNETES_SNI_NAME" | "AZURE_KUBERNETES_CA_FILE",
    string
  >;
  /** Stops the proxy and removes the CA file it wrote. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_SERVER_NAME = "ib-proxy.aks.test";

/**
 * Starts an emulator of the AKS identity binding proxy on 127.0.0.1: an HTTPS server with its own CA
 * whose certificate names only `serverName`, which completes a TLS handshake only for a client that
 * sends that server name (SNI) and forwards each token request (`POST {prefix}/{tenant}/oauth2/v2.0/token`)
 * to the Entra emulator, answering with Entra's answer. A client with the wrong CA fails
 * certificate verification; a client with the wrong (or no) server name has its handshake refused.
 *
 * @see https://github.com/Azure/azure-workload-identity/blob/main/pkg/webhook/webhook.go (`addEnvironmentVariables`: the variables a pod gets)
 * @example
 * ```ts
 * const entra = await startEntraEmulator();
 * const proxy = await startAksIdentityBindingProxy({ upstream: entra });
 * const credential = new FederatedTokenCredential({ assertion: kubernetes({ env: { ...tokenFile.env(), ...proxy.env() } }) });
 * ```
 */
export async function startAksIdentityBindingProxy(
  options: AksIdentityBindingProxyOptions,
): Promise<AksIdentityBindingProxy> {
  const serverName = options.serverName ?? DEFAULT_SERVER_NAME;
  const pathPrefix = options.pathPrefix ?? "";
  if (pathPrefix !== "" && !/^(\/[A-Za-z0-9._-]+)+$/.test(pathPrefix)) {
    throw new InvalidEmulatorOptionError({
      field: "pathPrefix",
      value: pathPrefix,
      expected: 'a path such as "/identity" (no trailing slash, query or fragment)',
      fix: "leave it out for a proxy at the root",
    });
  }
  const ca = await separateCertificateAuthority();
  const { certificatePem, privateKeyPem } = ca.issueServerCertificate([serverName]);
  const context = createSecureContext({ cert: certificatePem, key: privateKeyPem });
  const requests: AksIdentityBindingProxyRequest[] = [];
  const refusedHandshakes: { serverName: string | undefined }[] = [];

  const server = createServer(
    {
      SNICallback: (name, done) => {
        if (name === serverName) return done(null, context);
        refusedHandshakes.push({ serverName: name });
        done(new Error(`the proxy serves ${serverName} only`));
      },
    },
    (request, response) => {
      forward(request, response).catch(() => response.destroy());
    },
  );
  server.on("tlsClientError", (_error, socket) => {
    // A client that sent no server name never reaches SNICallback: no certificate, no handshake.
    const sent = (socket as { servername?: string | false }).servername;
    if (!sent) refusedHandshakes.push({ serverName: undefined });
  });

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? "/";
    const record = (status: number): void => {
      const sent = (request.socket as { servername?: string | false }).servername;
      requests.push({ method: request.method ?? "", path, serverName: sent || undefined, status });
    };
    if (!path.startsWith(`${pathPrefix}/`)) {
      record(404);
      response.writeHead(404, { "content-type": "text/plain" }).end("not a path this proxy serves");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        record(413);
        response.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const upstream = await fetch(`${options.upstream.url}${path.slice(pathPrefix.length)}`, {
      method: request.method ?? "GET",
      headers: {
        "content-type": request.headers["content-type"] ?? "application/x-www-form-urlencoded",
        ...(typeof request.headers["client-request-id"] === "string"
          ? { "client-request-id": request.headers["client-request-id"] }
          : {}),
      },
      ...(request.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      dispatcher: options.upstream.dispatcher,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    record(upstream.status);
    response
      .writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "application/json",
      })
      .end(body);
  }

  const listening = await listen(server, 0, "127.0.0.1");
  const directory = createPidOwnedTemporaryDirectory("azfed-aks-proxy-ca");
  const caFile = join(directory, "ca.crt");
  writeFileSync(caFile, ca.certificatePem);
  const url = `https://127.0.0.1:${listening.port}${pathPrefix}`;
  return {
    url,
    serverName,
    ca,
    caFile,
    requests,
    refusedHandshakes,
    env: () => ({
      AZURE_KUBERNETES_TOKEN_PROXY: url,
      AZURE_KUBERNETES_SNI_NAME: serverName,
      AZURE_KUBERNETES_CA_FILE: caFile,
    }),
    async close() {
      await listening.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
