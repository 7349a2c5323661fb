import { randomUUID } from "node:crypto";
import {
  type EntraEmulator,
  type FederatedIdentityCredentialRecord,
  type MintOptions,
  type OidcIssuer,
  startEntraEmulator,
  startOidcIssuer,
} from "@azfed/testing";
import type { Dispatcher } from "undici";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { FederatedTokenCredential } from "../src/credential/federated-token-credential";
import type { FederatedTokenCredentialOptions } from "../src/credential/federated-token-credential-options";
import type { AssertionContext } from "../src/provider/assertion-provider";

/** The subject every fixture FIC trusts. */
export const SUBJECT = "repo:contoso/app:ref:refs/heads/main";
export const PUBLIC_AUDIENCE = "api://AzureADTokenExchange";
export const SCOPE = "https://management.azure.com/.default";

/**
 * A running Entra emulator and OIDC issuer with one app registration trusting the issuer, and an
 * assertion callback that mints fresh tokens and counts how often it was called.
 */
export interface Federation {
  readonly entra: EntraEmulator;
  readonly issuer: OidcIssuer;
  readonly tenantId: string;
  readonly clientId: string;
  readonly fic: FederatedIdentityCredentialRecord;
  /** Every assertion the callback minted (to check that none leaks into errors or logs). */
  readonly minted: string[];
  /** The contexts the callback received. */
  readonly contexts: AssertionContext[];
  /** An assertion callback minting `{ sub: SUBJECT, aud: ctx.audience, ...claims }`. */
  assertion(ctx: AssertionContext): Promise<string>;
  /** Claims the callback adds to (or overrides in) the next minted tokens. */
  claims: Record<string, unknown>;
  /** Options of the next minted tokens (expired, wrong key, ...). */
  mintOptions: MintOptions;
  /** A credential against the emulator; options override the defaults. */
  credential(options?: Partial<FederatedTokenCredentialOptions>): FederatedTokenCredential;
  close(): Promise<void>;
}

export async function startFederation(): Promise<Federation> {
  const entra = await startEntraEmulator();
  const issuer = await startOidcIssuer({ ca: entra.ca });
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const fic: FederatedIdentityCredentialRecord = {
    name: "github-main",
    issuer: issuer.issuer,
    subject: SUBJECT,
    audiences: [PUBLIC_AUDIENCE],
  };
  entra.addApplication({ clientId, tenantId, federatedCredentials: [fic] });
  const minted: string[] = [];
  const contexts: AssertionContext[] = [];
  const federation: Federation = {
    entra,
    issuer,
    tenantId,
    clientId,
    fic,
    minted,
    contexts,
    claims: {},
    mintOptions: {},
    async assertion(ctx) {
      contexts.push(ctx);
      const token = await issuer.mint(
        { sub: SUBJECT, aud: ctx.audience, ...federation.claims },
        federation.mintOptions,
      );
      minted.push(token);
      return token;
    },
    credential(options = {}) {
      return new FederatedTokenCredential({
        tenantId,
        clientId,
        assertion: (ctx) => federation.assertion(ctx),
        authorityHost: entra.url,
        dispatcher: entra.dispatcher,
        retry: { baseDelayMs: 10, maxDelayMs: 2_000 },
        ...options,
      });
    },
    async close() {
      await Promise.all([entra.close(), issuer.close()]);
    },
  };
  return federation;
}

/**
 * Starts a {@link Federation} before the test file's tests and closes it after them, and forgets
 * the Entra emulator's requests and queued faults before each test. `receive` gets the federation
 * once it runs; the file's own `beforeAll` hooks, registered after this call, run after it.
 *
 * @example
 * ```ts
 * let federation: Federation;
 * useFederation((started) => {
 *   federation = started;
 * });
 * ```
 */
export function useFederation(receive: (federation: Federation) => void): void {
  let federation: Federation | undefined;
  beforeAll(async () => {
    federation = await startFederation();
    receive(federation);
  });
  afterAll(async () => {
    await federation?.close();
  });
  beforeEach(() => {
    federation?.entra.reset();
  });
}

/**
 * A dispatcher that sends every request, whatever its host, to the emulator: lets a test use a known
 * cloud's authority host (e.g. https://login.microsoftonline.us) while the bytes go to 127.0.0.1
 * over TLS trusting the test CA, as a forward proxy would.
 */
export function routeEverythingTo(entra: EntraEmulator): Dispatcher {
  return entra.dispatcher.compose(
    (dispatch) => (options, handler) => dispatch({ ...options, origin: entra.url }, handler),
  );
}
