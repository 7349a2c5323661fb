import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import type { MsalNetworkClient } from "@azfed/core/provider";
import { logger, REDACTED, redact } from "@azfed/core/provider";
import type { INetworkModule, ManagedIdentityApplication } from "@azure/msal-node";
import type { ManagedIdentityId } from "./managed-identity-id";

type Msal = typeof import("@azure/msal-node");

let msal: Promise<Msal> | undefined;

/**
 * `@azure/msal-node`, loaded at the first use (as core loads it for the exchange): its single-file
 * CommonJS build, so importing this package stays cheap.
 *
 * @internal
 */
export function loadMsal(): Promise<Msal> {
  msal ??= new Promise<Msal>((resolve) =>
    resolve(createRequire(import.meta.url)("@azure/msal-node") as Msal),
  ).catch((error: unknown) => {
    msal = undefined;
    throw error;
  });
  return msal;
}

/**
 * The network module of the request under way. msal-node keeps the managed identity source it
 * selects in a static field, with the network module of the first application that asked
 * (`ManagedIdentityClient.identitySource`), so every application must share one module; that module
 * sends each request through the current call's own (abort signal, deadline, retries, dispatcher).
 *
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/src/client/ManagedIdentityClient.ts
 */
const currentCall = new AsyncLocalStorage<MsalNetworkClient>();

const sharedNetwork: INetworkModule = {
  sendGetRequestAsync: (url, options, timeout) => callNetwork().sendGetRequestAsync(url, options, timeout),
  sendPostRequestAsync: (url, options) => callNetwork().sendPostRequestAsync(url, options),
};

function callNetwork(): MsalNetworkClient {
  const network = currentCall.getStore();
  if (!network) throw new Error("managed-identity: a request outside of a token call");
  return network;
}

/**
 * Runs `work` with `network` as the module msal-node's requests go through.
 *
 * @internal
 */
export function withNetwork<T>(network: MsalNetworkClient, work: () => Promise<T>): Promise<T> {
  return currentCall.run(network, work);
}

/**
 * A `ManagedIdentityApplication` for one user-assigned identity, its requests sent through
 * {@link withNetwork}'s module and its internal retries off (core's HTTP helper retries instead).
 *
 * @internal
 */
export async function createManagedIdentityApplication(
  id: ManagedIdentityId,
): Promise<ManagedIdentityApplication> {
  const { ManagedIdentityApplication, LogLevel } = await loadMsal();
  return new ManagedIdentityApplication({
    managedIdentityIdParams:
      id.kind === "clientId"
        ? { userAssignedClientId: id.value }
        : id.kind === "resourceId"
          ? { userAssignedResourceId: id.value }
          : { userAssignedObjectId: id.value },
    system: {
      networkClient: sharedNetwork,
      disableInternalRetries: true,
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (_level, message) =>
          logger.verbose(`managed-identity: msal: ${scrubSecrets(message)}`),
      },
    },
  });
}

/**
 * What msal-node's source names mean, and the variables that select each, in msal-node's order.
 *
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/src/client/ManagedIdentityClient.ts (`getManagedIdentitySource`: Service Fabric, App Service, Machine Learning, Cloud Shell, Azure Arc, else IMDS)
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/src/utils/Constants.ts (`ManagedIdentityEnvironmentVariableNames`)
 * @internal
 */
export const MANAGED_IDENTITY_SOURCES: Readonly<Record<string, string>> = Object.freeze({
  ServiceFabric: "Service Fabric (IDENTITY_ENDPOINT, IDENTITY_HEADER and IDENTITY_SERVER_THUMBPRINT are set)",
  AppService:
    "the App Service identity endpoint (IDENTITY_ENDPOINT and IDENTITY_HEADER are set: App Service, Functions, Container Apps)",
  MachineLearning: "Azure Machine Learning (MSI_ENDPOINT and MSI_SECRET are set)",
  CloudShell: "Cloud Shell (MSI_ENDPOINT is set)",
  AzureArc: "Azure Arc (IDENTITY_ENDPOINT and IMDS_ENDPOINT are set, or the himds agent is installed)",
  DefaultToImds:
    "IMDS (no other identity endpoint is named in the environment; AZURE_POD_IDENTITY_AUTHORITY_HOST overrides its host 169.254.169.254)",
  Imds: "IMDS (AZURE_POD_IDENTITY_AUTHORITY_HOST overrides its host 169.254.169.254)",
});

/** The secrets msal-node sends to the identity endpoints (App Service and Service Fabric, Azure ML). */
const ENDPOINT_SECRET_VARIABLES = ["IDENTITY_HEADER", "MSI_SECRET"];

/**
 * `text` with tokens, bearer values and the identity endpoints' secrets (`IDENTITY_HEADER`,
 * `MSI_SECRET`) replaced by `[REDACTED]`: for every message and log line built from what an endpoint
 * or msal-node said.
 *
 * @internal
 */
export function scrubSecrets(text: string): string {
  let scrubbed = redact(text);
  for (const variable of ENDPOINT_SECRET_VARIABLES) {
    const secret = process.env[variable];
    if (secret && secret.length >= 8) scrubbed = scrubbed.split(secret).join(REDACTED);
  }
  return scrubbed;
}
