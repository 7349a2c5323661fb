import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { EmulatorTraffic } from "../servers/emulator-traffic";
import { listen } from "../servers/listening-server";
import {
  escapeHtml,
  type GcpMetadataFault,
  sendMetadataAnswer,
  toInjectedFault,
} from "./gcp-metadata-answers";
import { type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * A service account attached to the emulated instance.
 *
 * @example
 * ```ts
 * const account: GcpServiceAccount = { email: "api@contoso.iam.gserviceaccount.com", uniqueId: "113562183298765432101" };
 * ```
 */
export interface GcpServiceAccount {
  /** `{name}@{project}.iam.gserviceaccount.com`. */
  readonly email: string;
  /** The numeric unique id: the identity token's `sub` and `azp`. */
  readonly uniqueId: string;
}

/**
 * Options of {@link startGcpMetadataEmulator}.
 *
 * @example
 * ```ts
 * const options: GcpMetadataEmulatorOptions = { projectId: "contoso-prod", zone: "europe-west1-b" };
 * ```
 */
export interface GcpMetadataEmulatorOptions {
  /** The instance's default service account. Default a random unique id and `azfed-test@{projectId}.iam.gserviceaccount.com`. */
  readonly serviceAccount?: GcpServiceAccount | undefined;
  /** Further service accounts, addressable by email. */
  readonly otherServiceAccounts?: readonly GcpServiceAccount[] | undefined;
  /** Default `azfed-test-project`. */
  readonly projectId?: string | undefined;
  /** Default `us-central1-a`. */
  readonly zone?: string | undefined;
  /** The issuer that signs identity tokens. Default a new one (closed by `close()`). */
  readonly issuer?: OidcIssuer | undefined;
  /** The CA for the issuer started by default. */
  readonly ca?: TestCertificateAuthority | undefined;
}

/**
 * One request the emulator received.
 *
 * @example
 * ```ts
 * const [first] = metadata.requests;
 * first?.audience; // "api://AzureADTokenExchange"
 * ```
 */
export interface GcpMetadataRequest {
  readonly method: string;
  readonly path: string;
  /** Which endpoint it was for. */
  readonly endpoint: GcpMetadataEndpoint;
  /** The `Metadata-Flavor` request header, when sent. */
  readonly flavor: string | undefined;
  /** The identity endpoint's `audience` and `format` parameters. */
  readonly audience: string | undefined;
  readonly format: string | undefined;
  /** The status answered (0 for a dropped connection). */
  readonly status: number;
}

/**
 * What the emulator counts: `identity` (the identity token endpoint), `root` (`/computeMetadata/v1/`,
 * the usual probe) and `other`.
 *
 * @example
 * ```ts
 * metadata.count("root"); // probes so far
 * ```
 */
export type GcpMetadataEndpoint = "identity" | "root" | "other";

/**
 * A running Google Cloud metadata server emulator (plain HTTP on 127.0.0.1, as the real one is).
 *
 * @example
 * ```ts
 * const metadata = await startGcpMetadataEmulator();
 * const provider = gcp({ env: { GCE_METADATA_HOST: metadata.host } });
 * await metadata.close();
 * ```
 */
export interface GcpMetadataEmulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `127.0.0.1:PORT`, the value for `GCE_METADATA_HOST`. */
  readonly host: string;
  /** The identity tokens' `iss` (the emulator's own issuer; the real one is https://accounts.google.com). */
  readonly issuer: string;
  readonly oidcIssuer: OidcIssuer;
  /** The default service account. */
  readonly serviceAccount: GcpServiceAccount;
  readonly projectId: string;
  /** Every request received, oldest first. */
  readonly requests: readonly GcpMetadataRequest[];
  /** Requests received for one endpoint, or all. */
  count(endpoint?: GcpMetadataEndpoint): number;
  /** The identity tokens issued, oldest first. */
  readonly issuedTokens: readonly string[];
  /** Makes the next `count` requests fail with `fault`. */
  failNext(count: number, fault: GcpMetadataFault): void;
  /** Waits `ms` before every answer (slow mode); 0 turns it off. */
  setLatency(ms: number): void;
  /** `{ GCE_METADATA_HOST: host }`. */
  env(): { GCE_METADATA_HOST: string };
  /** Forgets the requests, the queued faults and the latency. */
  reset(): void;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

const ROOT_PATH = "/computeMetadata/v1/";
const IDENTITY_PATH = /^\/computeMetadata\/v1\/instance\/service-accounts\/([^/]+)\/identity$/;
const TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Starts a Google Cloud metadata server emulator on `http://127.0.0.1:PORT`: `/computeMetadata/v1/`
 * and the identity endpoint `/computeMetadata/v1/instance/service-accounts/{default|email}/identity?audience=…&format=standard|full`,
 * whose tokens carry what Google's do (`iss`, `sub` and `azp` = the unique id, `aud`, `iat`, `exp`
 * one hour later, and with `format=full` `email`, `email_verified` and `google.compute_engine`),
 * signed by an issuer the Entra emulator trusts. Like the real server it answers 403 without the
 * `Metadata-Flavor: Google` request header (or with `X-Forwarded-For`), and sends
 * `Metadata-Flavor: Google` on every answer.
 *
 * @example
 * ```ts
 * const metadata = await startGcpMetadataEmulator();
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "gce", issuer: metadata.issuer, subject: metadata.serviceAccount.uniqueId, audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * ```
 */
export async function startGcpMetadataEmulator(
  options: GcpMetadataEmulatorOptions = {},
): Promise<GcpMetadataEmulator> {
  const projectId = options.projectId ?? "azfed-test-project";
  const zone = options.zone ?? "us-central1-a";
  const serviceAccount = checkAccount(
    "serviceAccount",
    options.serviceAccount ?? {
      email: `azfed-test@${projectId}.iam.gserviceaccount.com`,
      uniqueId: randomDigits(21),
    },
  );
  const accounts = [
    serviceAccount,
    ...(options.otherServiceAccounts ?? []).map((account, index) =>
      checkAccount(`otherServiceAccounts[${index}]`, account),
    ),
  ];
  const ownsIssuer = options.issuer === undefined;
  const oidcIssuer = options.issuer ?? (await startOidcIssuer({ ca: options.ca }));
  const instance = {
    instance_creation_timestamp: Math.floor(Date.now() / 1000) - 86_400,
    instance_id: randomDigits(19),
    instance_name: "azfed-test-instance",
    project_id: projectId,
    project_number: Number(randomDigits(12)),
    zone,
  };

  const traffic = new EmulatorTraffic<GcpMetadataRequest>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://metadata.google.internal");
    const identity = IDENTITY_PATH.exec(url.pathname);
    const endpoint: GcpMetadataEndpoint = identity
      ? "identity"
      : url.pathname === ROOT_PATH
        ? "root"
        : "other";
    const flavor = headerValue(request, "metadata-flavor");
    const exchange = traffic.begin({
      method: request.method ?? "GET",
      path: url.pathname,
      endpoint,
      flavor,
      audience: url.searchParams.get("audience") ?? undefined,
      format: url.searchParams.get("format") ?? undefined,
    });
    const record = exchange.answered;
    if (await traffic.servedFault(request, response, exchange)) return;

    if (request.headers["x-forwarded-for"] !== undefined || flavor !== "Google") {
      record(403);
      sendMetadataAnswer(
        response,
        403,
        `<!DOCTYPE html>\n<html lang=en><title>Error 403 (Forbidden)!!1</title><p><b>403.</b> <ins>That's an error.</ins><p>Your client does not have permission to get URL <code>${escapeHtml(url.pathname)}</code> from this server. ${
          flavor === "Google"
            ? "Request had an X-Forwarded-For header"
            : "Missing Metadata-Flavor:Google header"
        }. <ins>That's all we know.</ins>\n`,
        { contentType: "text/html; charset=UTF-8" },
      );
      return;
    }
    if (request.method !== "GET") {
      record(405);
      sendMetadataAnswer(response, 405, "Method not allowed");
      return;
    }
    if (endpoint === "root") {
      record(200);
      sendMetadataAnswer(response, 200, "instance/\noauth/\nproject/\n");
      return;
    }
    if (!identity) {
      record(404);
      sendMetadataAnswer(response, 404, "Not Found", { contentType: "text/html; charset=UTF-8" });
      return;
    }
    const name = decodeURIComponent(identity[1] ?? "");
    const account =
      name === "default" ? serviceAccount : accounts.find((candidate) => candidate.email === name);
    if (!account) {
      record(404);
      sendMetadataAnswer(response, 404, "Not Found", { contentType: "text/html; charset=UTF-8" });
      return;
    }
    const audience = url.searchParams.get("audience");
    if (!audience) {
      record(400);
      sendMetadataAnswer(response, 400, "non-empty audience parameter required");
      return;
    }
    const format = url.searchParams.get("format") ?? "standard";
    if (format !== "standard" && format !== "full") {
      record(400);
      sendMetadataAnswer(response, 400, "format must be one of: standard, full");
      return;
    }
    const claims: Record<string, unknown> = { aud: audience, azp: account.uniqueId, sub: account.uniqueId };
    if (format === "full") {
      claims.email = account.email;
      claims.email_verified = true;
      claims.google = { compute_engine: instance };
    }
    const token = await oidcIssuer.mint(claims, { lifetimeSeconds: TOKEN_LIFETIME_SECONDS });
    exchange.issued(token);
    record(200);
    sendMetadataAnswer(response, 200, token);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendMetadataAnswer(response, 500, "emulator handler failed");
      else response.destroy();
    });
  });
  const listening = await listen(server, 0, "127.0.0.1");
  const host = `127.0.0.1:${listening.port}`;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}`,
    host,
    issuer: oidcIssuer.issuer,
    oidcIssuer,
    serviceAccount,
    projectId,
    get requests() {
      return traffic.requests;
    },
    count(endpoint?: GcpMetadataEndpoint): number {
      return endpoint === undefined
        ? traffic.requestCount
        : traffic.requests.filter((request) => request.endpoint === endpoint).length;
    },
    get issuedTokens() {
      return traffic.issuedTokens;
    },
    failNext(count: number, fault: GcpMetadataFault): void {
      traffic.failNext(count, toInjectedFault(fault));
    },
    setLatency: (ms: number) => traffic.setLatency(ms),
    env: () => ({ GCE_METADATA_HOST: host }),
    reset: () => traffic.reset(),
    close(): Promise<void> {
      closing ??= (async () => {
        await listening.close();
        if (ownsIssuer) await oidcIssuer.close();
      })();
      return closing;
    },
  };
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checkAccount(field: string, account: GcpServiceAccount): GcpServiceAccount {
  if (typeof account?.email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(account.email)) {
    throw new InvalidEmulatorOptionError({
      field: `${field}.email`,
      value: account?.email,
      expected: "a service account email such as api@contoso.iam.gserviceaccount.com",
    });
  }
  if (typeof account.uniqueId !== "string" || !/^[0-9]+$/.test(account.uniqueId)) {
    throw new InvalidEmulatorOptionError({
      field: `${field}.uniqueId`,
      value: account.uniqueId,
      expected: "the numeric unique id, e.g. 113562183298765432101",
    });
  }
  return account;
}

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}
