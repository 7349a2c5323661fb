import {
  BoundedFileError,
  InvalidInputError,
  readBoundedFile,
  type TokenRequestRoute,
} from "@azfed/core/provider";

/**
 * The variables the Azure Workload Identity webhook injects into a pod that uses AKS identity
 * bindings (a pod annotated for the webhook's custom token endpoint): the token request then goes
 * to the in-cluster identity binding proxy, over TLS with that server name and that CA, instead of
 * to Entra. `tokenEndpoint` is the name an earlier preview of the Azure SDK for Go read.
 *
 * @see https://github.com/Azure/azure-workload-identity/blob/main/pkg/webhook/consts.go (`AzureKubernetesTokenProxyEnvVar`, ...)
 * @see https://github.com/Azure/azure-workload-identity/blob/main/pkg/webhook/webhook.go (`addEnvironmentVariables`)
 * @see https://github.com/Azure/azure-sdk-for-go/blob/main/sdk/azidentity/internal/customtokenendpoint/policy.go (`AZURE_KUBERNETES_TOKEN_ENDPOINT`)
 * @example
 * ```ts
 * const proxy = process.env[IDENTITY_BINDING_ENV.tokenProxy]; // "https://10.0.0.1" on an identity-binding pod
 * ```
 */
export const IDENTITY_BINDING_ENV = Object.freeze({
  /** The proxy's `https:` URL; each token request's path is appended to it. */
  tokenProxy: "AZURE_KUBERNETES_TOKEN_PROXY",
  /** The same, under the name an earlier preview used; read when `tokenProxy` is unset. */
  tokenEndpoint: "AZURE_KUBERNETES_TOKEN_ENDPOINT",
  /** The TLS server name (SNI) to send, which the proxy's certificate names. */
  sniName: "AZURE_KUBERNETES_SNI_NAME",
  /** A PEM file with the CA that signs the proxy's certificate (the webhook mounts it; it rotates). */
  caFile: "AZURE_KUBERNETES_CA_FILE",
  /** The same CA as PEM text; exclusive with `caFile`. */
  caData: "AZURE_KUBERNETES_CA_DATA",
} as const);

/** A CA bundle is a few kilobytes; the whole Mozilla bundle is about 220 KiB. */
const MAX_CA_BYTES = 512 * 1024;
const MAX_URL_LENGTH = 2048;
const MAX_CERTIFICATES = 200;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]{1,65536}?-----END CERTIFICATE-----/g;
const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * The identity binding proxy a pod's environment names, as a route for the credential's token
 * request, or `undefined` when the environment names none. It applies the Azure SDKs' rules: an
 * `https:` URL with no user info, query or fragment; the CA from a file or from the variable, not
 * both; the system's CAs when neither is set; a misconfiguration (a server name or a CA without a
 * proxy) refused rather than ignored. The CA file is read again at each exchange, because the
 * webhook's projected CA rotates; while it is empty (mid-rotation) the last good CA is kept.
 * Everything read is bounded and checked: the URL's length, the CA's size and that it holds PEM
 * certificates, the server name's shape.
 *
 * @see https://github.com/Azure/azure-sdk-for-go/blob/main/sdk/azidentity/internal/customtokenproxy/configuration.go (`Apply`, `parseTokenProxyURL`)
 * @see https://github.com/Azure/azure-sdk-for-go/blob/main/sdk/azidentity/internal/customtokenproxy/transport.go (`getTokenTransporter`)
 * @see https://github.com/Azure/azure-sdk-for-js/blob/main/sdk/identity/identity/src/credentials/workloadIdentityCredential.ts (`parseAndValidateCustomTokenProxy`, `getTlsSettings`)
 * @see https://github.com/Azure/azure-sdk-for-python/blob/main/sdk/identity/azure-identity/azure/identity/_credentials/workload_identity.py
 * @internal
 */
export class IdentityBindingProxy {
  /** The last CA read from a file, kept while the file is empty during a rotation. */
  #lastFileCa: { readonly path: string; readonly pem: string } | undefined;

  async route(env: NodeJS.ProcessEnv): Promise<TokenRequestRoute | undefined> {
    const endpointVariable = env[IDENTITY_BINDING_ENV.tokenProxy]
      ? IDENTITY_BINDING_ENV.tokenProxy
      : env[IDENTITY_BINDING_ENV.tokenEndpoint]
        ? IDENTITY_BINDING_ENV.tokenEndpoint
        : undefined;
    const sniName = env[IDENTITY_BINDING_ENV.sniName] || undefined;
    const caFile = env[IDENTITY_BINDING_ENV.caFile] || undefined;
    const caData = env[IDENTITY_BINDING_ENV.caData] || undefined;
    if (endpointVariable === undefined) {
      const stray = [
        sniName && IDENTITY_BINDING_ENV.sniName,
        caFile && IDENTITY_BINDING_ENV.caFile,
        caData && IDENTITY_BINDING_ENV.caData,
      ].filter(Boolean);
      if (stray.length === 0) return undefined;
      throw new InvalidInputError({
        field: IDENTITY_BINDING_ENV.tokenProxy,
        value: undefined,
        expected: `the identity binding proxy's https URL, since ${stray.join(" and ")} ${stray.length > 1 ? "are" : "is"} set (the Azure SDKs refuse this half-configured pod too)`,
        fix: "recreate the pod so the workload identity webhook injects all of the AZURE_KUBERNETES_* variables, or remove the ones set by hand",
      });
    }
    const url = proxyUrl(endpointVariable, env[endpointVariable] as string);
    if (caFile && caData) {
      throw new InvalidInputError({
        field: `${IDENTITY_BINDING_ENV.caFile} and ${IDENTITY_BINDING_ENV.caData}`,
        value: caFile,
        expected: "one source for the proxy's CA, as in the Azure SDKs",
        fix: `set one of them; to drop ${IDENTITY_BINDING_ENV.caData} the webhook injects, give it an empty value in the container spec (the webhook does not replace a variable the container already has)`,
      });
    }
    if (sniName !== undefined) checkServerName(sniName);
    const ca = caFile
      ? await this.#readCaFile(caFile)
      : caData
        ? checkCa(IDENTITY_BINDING_ENV.caData, caData)
        : undefined;
    return {
      url,
      ...(ca !== undefined ? { ca } : {}),
      ...(sniName !== undefined ? { serverName: sniName } : {}),
      description: `the AKS identity binding proxy (${endpointVariable}${sniName ? `, ${IDENTITY_BINDING_ENV.sniName} ${sniName}` : ""}${caFile ? `, CA from ${IDENTITY_BINDING_ENV.caFile} ${caFile}` : caData ? `, CA from ${IDENTITY_BINDING_ENV.caData}` : ", the system's CAs"})`,
    };
  }

  async #readCaFile(path: string): Promise<string> {
    const fail = (problem: string): never => {
      throw new InvalidInputError({
        field: IDENTITY_BINDING_ENV.caFile,
        value: path,
        expected: `a readable PEM file of at most ${MAX_CA_BYTES / 1024} KiB with the CA of the identity binding proxy (${problem})`,
        fix: "check the pod's projected ca-cert volume, which the workload identity webhook mounts with the service account token",
      });
    };
    let text: string;
    try {
      // Core's one reader: opened without blocking and type checked on the handle (a FIFO here held a
      // libuv thread per call until the timeout), limited by the bytes it reads.
      text = (await readBoundedFile(path, { maxBytes: MAX_CA_BYTES })).text;
    } catch (error) {
      if (!(error instanceof BoundedFileError)) throw error;
      // What the reader says: "is a named pipe (FIFO), not a regular file", "cannot be read (ENOENT)", ...
      return fail(`it ${error.what}`);
    }
    if (text.trim() === "") {
      // The webhook's projected CA can be empty for a moment while it rotates: keep the last good one.
      if (this.#lastFileCa?.path === path) return this.#lastFileCa.pem;
      return fail("it is empty; if the CA is rotating, the next attempt reads it again");
    }
    const pem = checkCa(IDENTITY_BINDING_ENV.caFile, text, path);
    this.#lastFileCa = { path, pem };
    return pem;
  }
}

function proxyUrl(variable: string, value: string): string {
  // InvalidInputError shows at most 120 characters of the value.
  const refuse = (problem: string, shown: string = value): never => {
    throw new InvalidInputError({
      field: variable,
      value: shown,
      expected: `the identity binding proxy's https URL without user info, query or fragment, e.g. https://10.0.0.1 (${problem})`,
      fix: "recreate the pod so the workload identity webhook injects it again, or correct the value set by hand",
    });
  };
  if (value.length > MAX_URL_LENGTH) return refuse(`it has ${value.length} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse("it is not a URL");
  }
  if (url.protocol !== "https:") return refuse(`the scheme is ${url.protocol.slice(0, -1)}, not https`);
  if (url.username || url.password) {
    // The user info may be a password: it is not shown.
    return refuse("it has user info", `${url.protocol}//…@${url.host}${url.pathname}`);
  }
  if (url.search) return refuse("it has a query");
  if (url.hash) return refuse("it has a fragment");
  return url.href;
}

function checkServerName(name: string): void {
  const labels = name.replace(/\.$/, "").split(".");
  if (name.length > 253 || !labels.every((label) => DNS_LABEL.test(label)) || /^[0-9.]+$/.test(name)) {
    throw new InvalidInputError({
      field: IDENTITY_BINDING_ENV.sniName,
      value: name.length > 100 ? `${name.slice(0, 100)}…` : name,
      expected:
        "a DNS name (TLS sends no IP address as a server name), the one the proxy's certificate names",
      fix: "recreate the pod so the workload identity webhook injects it again, or correct the value set by hand",
    });
  }
}

/** The PEM certificates in `text`, each parsed; anything else is an error naming `field`. */
function checkCa(field: string, text: string, path?: string): string {
  const refuse = (problem: string): never => {
    throw new InvalidInputError({
      field,
      value: path ?? `${text.length} characters of PEM`,
      expected: `PEM certificates (-----BEGIN CERTIFICATE-----) of the CA that signs the identity binding proxy's certificate (${problem})`,
      fix: "check the CA the workload identity webhook was configured with",
    });
  };
  if (text.length > MAX_CA_BYTES) return refuse(`it has ${text.length} characters`);
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return refuse("none found");
  if (blocks.length > MAX_CERTIFICATES) return refuse(`${blocks.length} found`);
  for (const block of blocks) {
    try {
      new (process.getBuiltinModule("node:crypto").X509Certificate)(block);
    } catch {
      return refuse("one of them does not parse");
    }
  }
  return blocks.join("\n");
}
