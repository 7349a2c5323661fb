import { fetch } from "undici";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import {
  type EntraEmulator,
  type EntraErrorBody,
  type MintOptions,
  type OidcIssuer,
  startEntraEmulator,
  startOidcIssuer,
} from "../src/index";

export const tenantId = "3c1f0b2a-8d4e-4f6a-9b7c-1d2e3f4a5b6c";
export const otherTenantId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const clientId = "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
export const noFicClientId = "6c5b4a3d-2e1f-4b0a-9d8c-7f6e5d4c3b2a";
export const multiTenantClientId = "7d6c5b4a-3f2e-4c1b-8a9d-0e1f2a3b4c5d";
export const subject = "repo:contoso/app:environment:prod";
export const exchangeAudience = "api://AzureADTokenExchange";
export const scope = "https://management.azure.com/.default";
export const jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export let entra: EntraEmulator;
export let issuer: OidcIssuer;
export let unregisteredIssuer: OidcIssuer;

/**
 * Starts the emulator under test before the file's tests (an application with a credential for
 * `subject`, one without, a multi-tenant one; an issuer it trusts and one it does not), resets it
 * after each test and closes it all after the file. `entra`, `issuer` and `unregisteredIssuer` are
 * live bindings: read them inside tests.
 */
export function useEntraEmulatorUnderTest(): void {
  beforeAll(async () => {
    [issuer, unregisteredIssuer] = await Promise.all([
      startOidcIssuer({ path: "/_services/token" }),
      startOidcIssuer({ path: "/unregistered" }),
    ]);
    entra = await startEntraEmulator({
      applications: [
        {
          clientId,
          tenantId,
          federatedCredentials: [
            { name: "prod", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
          ],
        },
        { clientId: noFicClientId, tenantId },
        {
          clientId: multiTenantClientId,
          tenantId,
          multiTenant: true,
          federatedCredentials: [
            { name: "prod", issuer: issuer.issuer, subject, audiences: [exchangeAudience] },
          ],
        },
      ],
    });
  });
  afterEach(() => entra.reset());
  afterAll(async () => {
    await entra.close();
    await issuer.close();
    await unregisteredIssuer.close();
  });
}

export const mint = (claims: Record<string, unknown> = {}, options?: MintOptions, from = issuer) =>
  from.mint({ sub: subject, aud: exchangeAudience, ...claims }, options);

export async function requestToken(
  fields: Record<string, string | undefined>,
  options: { tenant?: string; headers?: Record<string, string> } = {},
) {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  const response = await fetch(`${entra.url}/${options.tenant ?? tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    body: form,
    headers: options.headers,
    dispatcher: entra.dispatcher,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : (JSON.parse(text) as unknown),
  };
}

export const exchange = async (
  assertion: string,
  overrides: Record<string, string | undefined> = {},
  tenant?: string,
) =>
  requestToken(
    {
      grant_type: "client_credentials",
      client_id: clientId,
      scope,
      client_assertion_type: jwtBearer,
      client_assertion: assertion,
      ...overrides,
    },
    { tenant },
  );

export function expectRefusal(
  result: { status: number; body: unknown },
  expected: { code: number; error: string; status: number; message?: RegExp },
): EntraErrorBody {
  const body = result.body as EntraErrorBody;
  expect({ status: result.status, error: body.error, error_codes: body.error_codes }).toEqual({
    status: expected.status,
    error: expected.error,
    error_codes: [expected.code],
  });
  expect(body.error_description).toMatch(
    new RegExp(
      `^AADSTS${expected.code}: .+ Trace ID: ${body.trace_id} Correlation ID: ${body.correlation_id} Timestamp: ${body.timestamp}$`,
      "s",
    ),
  );
  if (expected.message) expect(body.error_description).toMatch(expected.message);
  expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.error_uri).toBe(`${entra.url}/error?code=${expected.code}`);
  return body;
}
