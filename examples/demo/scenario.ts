import type { FederatedIdentityCredential } from "@azfed/identity";
import type { EntraEmulator, TestCertificateAuthority } from "@azfed/testing";
import type { DemoPlatform } from "./platforms";

/**
 * One platform, emulated on 127.0.0.1: the variables its job (or pod) sees, the federated identity
 * credential that lets that job in (built with the platform package's own builder), and one that
 * deliberately does not.
 *
 * @example
 * ```ts
 * const scenario = await startGitHubActionsScenario({ ca, entra, tenantId, clientId });
 * entra.addApplication({ clientId, tenantId, federatedCredentials: [scenario.fic] });
 * ```
 */
export interface PlatformScenario {
  readonly platform: DemoPlatform;
  /** The platform's name for people, e.g. "GitHub Actions". */
  readonly title: string;
  /** Where the example runs, e.g. "a GitHub Actions job for a push to main of contoso/app". */
  readonly runsIn: string;
  /** What that is called on this platform: "job", "pod", "step" or "web app". */
  readonly workload: "job" | "pod" | "step" | "web app";
  /** The emulated services the job talks to, for display. */
  readonly services: readonly { readonly name: string; readonly url: string }[];
  /** The job's variables, as the platform sets them (tenant and client id included, the platform's way). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Where the app registration lives when the job asks for tokens in another tenant than the app's
   * home tenant (a multi-tenant app provisioned there); absent when the app lives in the tenant asked.
   */
  readonly application?: {
    /** The app's (and, for a managed identity, the identity's) home tenant. */
    readonly homeTenantId: string;
    /** The other tenants where the app is provisioned (its service principal exists). */
    readonly provisionedIn: readonly string[];
  };
  /** The federated identity credential that matches the job's token. */
  readonly fic: FederatedIdentityCredential;
  /** A federated identity credential that deliberately does not match. */
  readonly mismatchedFic: FederatedIdentityCredential;
  /** How the mismatched credential differs, in a few words. */
  readonly mismatch: string;
  close(): Promise<void>;
}

/**
 * What every scenario is started with.
 *
 * @example
 * ```ts
 * const context: ScenarioContext = { ca, entra, tenantId: randomUUID(), clientId: randomUUID() };
 * ```
 */
export interface ScenarioContext {
  readonly ca: TestCertificateAuthority;
  readonly entra: EntraEmulator;
  /** The tenant the job asks for tokens in. */
  readonly tenantId: string;
  /** The app registration the job signs in as. */
  readonly clientId: string;
}
