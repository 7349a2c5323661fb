import { randomUUID } from "node:crypto";
import {
  type EntraEmulator,
  type EntraErrorBody,
  type FederatedIdentityCredentialRecord,
  type MintOptions,
  type OidcIssuer,
  startEntraEmulator,
  startOidcIssuer,
} from "@azfed/testing";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { type Diagnosis, formatDiagnosis } from "../src/diagnosis/diagnosis";
import { decodeAssertion } from "../src/fic/decode-assertion";
import type { FederatedIdentityCredential } from "../src/fic/federated-identity-credential";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";

/**
 * The diagnosis against real refusals: tokens minted by an OIDC issuer over HTTPS, exchanged with the
 * Entra emulator, whose JSON error bodies (worded as Entra words them) are diagnosed. Where the
 * diagnosis suggests a credential, the test creates it and checks that the exchange then succeeds.
 */

const AUDIENCE = "api://AzureADTokenExchange";
const SUBJECT = "repo:contoso/app:environment:Production";

let entra: EntraEmulator;
let issuer: OidcIssuer;
let slashIssuer: OidcIssuer;
const tenantId = randomUUID();

beforeAll(async () => {
  entra = await startEntraEmulator();
  issuer = await startOidcIssuer({ ca: entra.ca, path: "/contoso" });
  slashIssuer = await startOidcIssuer({ ca: entra.ca, path: "/cluster", trailingSlash: true });
});

afterAll(async () => {
  await Promise.all([entra?.close(), issuer?.close(), slashIssuer?.close()]);
});

/** Each test application's credentials, to replace one as `az ... update` would. */
const credentialsOf = new Map<string, FederatedIdentityCredentialRecord[]>();

function application(federatedCredentials: FederatedIdentityCredentialRecord[]): string {
  const clientId = randomUUID();
  entra.addApplication({ clientId, tenantId, federatedCredentials });
  credentialsOf.set(clientId, federatedCredentials);
  return clientId;
}

async function exchange(
  clientId: string,
  assertion: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    dispatcher: entra.dispatcher,
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      scope: "https://management.azure.com/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function refusal(
  clientId: string,
  assertion: string,
  federatedCredentials?: readonly FederatedIdentityCredential[],
): Promise<{ code: number; diagnosis: Diagnosis; text: string }> {
  const { status, body } = await exchange(clientId, assertion);
  expect(status).toBeGreaterThanOrEqual(400);
  const error = body as unknown as EntraErrorBody;
  const diagnosis = diagnoseEntraError({
    aadsts: error.error_codes,
    errorDescription: error.error_description,
    assertion,
    tenantId,
    clientId,
    authorityHost: entra.url,
    audience: AUDIENCE,
    ...(federatedCredentials ? { federatedCredentials } : {}),
  });
  const text = formatDiagnosis(diagnosis);
  expect(text).not.toContain(assertion);
  expect(JSON.stringify(diagnosis)).not.toContain(assertion.split(".")[2]);
  return { code: error.error_codes[0] as number, diagnosis, text };
}

async function mint(
  from: OidcIssuer,
  claims: Record<string, unknown>,
  options?: MintOptions,
): Promise<string> {
  return from.mint({ sub: SUBJECT, aud: AUDIENCE, ...claims }, options);
}

/**
 * Applies the suggested credential as the suggested command would (an update replaces the credential
 * of that name, a create adds one) and checks that the same kind of token is then accepted.
 */
async function applySuggestion(
  clientId: string,
  diagnosis: Diagnosis,
  next: () => Promise<string>,
  action: "create" | "update",
): Promise<void> {
  const suggested = diagnosis.suggestedCredential;
  expect(suggested).toBeDefined();
  if (!suggested) return;
  expect(diagnosis.commands?.[0]).toMatch(new RegExp(`^az ad app federated-credential ${action} `));
  const record = { ...suggested, audiences: [...suggested.audiences] };
  const others = (credentialsOf.get(clientId) ?? []).filter(
    (credential) => credential.name !== suggested.name,
  );
  entra.addApplication({ clientId, tenantId, federatedCredentials: [...others, record] });
  const { status, body } = await exchange(clientId, await next());
  expect(status).toBe(200);
  expect(body.token_type).toBe("Bearer");
}

describe("diagnosing the Entra emulator's refusals", () => {
  it("AADSTS7002138: a subject in other letter case", async () => {
    const fic = {
      name: "prod",
      issuer: issuer.issuer,
      subject: SUBJECT.toLowerCase(),
      audiences: [AUDIENCE],
    };
    const clientId = application([fic]);
    const { code, diagnosis, text } = await refusal(clientId, await mint(issuer, {}), [fic]);
    expect(code).toBe(7002138);
    expect(diagnosis.summary).toContain("in different letter case");
    expect(text).toContain(`Presented subject (sub): "${SUBJECT}"`);
    expect(diagnosis.likelyCauses[0]).toContain("differs only in letter case");
    await applySuggestion(clientId, diagnosis, () => mint(issuer, {}), "update");
  });

  it("AADSTS700213: another subject", async () => {
    const clientId = application([
      {
        name: "main",
        issuer: issuer.issuer,
        subject: "repo:contoso/app:ref:refs/heads/main",
        audiences: [AUDIENCE],
      },
    ]);
    const { code, diagnosis } = await refusal(clientId, await mint(issuer, {}));
    expect(code).toBe(700213);
    expect(diagnosis.summary).toContain(`subject "${SUBJECT}": Entra did not match the subject`);
    expect(diagnosis.likelyCauses.join("\n")).toContain("The subject has capital letters");
    await applySuggestion(clientId, diagnosis, () => mint(issuer, {}), "create");
  });

  it("AADSTS700212: another audience", async () => {
    const fic = {
      name: "gov",
      issuer: issuer.issuer,
      subject: SUBJECT,
      audiences: ["api://AzureADTokenExchangeUSGov"],
    };
    const clientId = application([fic]);
    const { code, diagnosis } = await refusal(clientId, await mint(issuer, {}), [fic]);
    expect(code).toBe(700212);
    expect(diagnosis.summary).toContain(`audience "${AUDIENCE}": Entra did not match the audience`);
    expect(diagnosis.likelyCauses[0]).toBe(
      `The nearest credential, "gov", expects audience "api://AzureADTokenExchangeUSGov"; the token has "${AUDIENCE}": the token carries the audience of the public cloud; the credential expects the US Gov cloud's (two conventions exist outside the public cloud: ${AUDIENCE} in every cloud, as azure/login and the AKS webhook ask, and the cloud's own audience, the portal's default; ask the platform for api://AzureADTokenExchangeUSGov, or change the credential's audience).`,
    );
    await applySuggestion(clientId, diagnosis, () => mint(issuer, {}), "update");
  });

  it("AADSTS700211: an issuer without its trailing slash", async () => {
    const withoutSlash = slashIssuer.issuer.replace(/\/$/, "");
    const fic = {
      name: "cluster",
      issuer: withoutSlash,
      subject: "system:serviceaccount:default:api",
      audiences: [AUDIENCE],
    };
    const clientId = application([fic]);
    const token = () => mint(slashIssuer, { sub: "system:serviceaccount:default:api" });
    const { code, diagnosis } = await refusal(clientId, await token(), [fic]);
    expect(code).toBe(700211);
    expect(diagnosis.summary).toContain(`issuer "${slashIssuer.issuer}": Entra did not match the issuer`);
    expect(diagnosis.likelyCauses[0]).toContain(
      `trailing slash: the token's issuer ends with "/" and the credential's does not`,
    );
    expect(diagnosis.likelyCauses.join("\n")).toContain("The token's issuer ends with a slash");
    // The credential "cluster" exists: the fix is one update of it, never a second one to create.
    expect(diagnosis.suggestedCredential?.name).toBe("cluster");
    expect(diagnosis.commands?.filter((command) => command.includes("federated-credential create"))).toEqual(
      [],
    );
    await applySuggestion(clientId, diagnosis, token, "update");
  });

  it("AADSTS700024: an expired token", async () => {
    const clientId = application([
      { name: "prod", issuer: issuer.issuer, subject: SUBJECT, audiences: [AUDIENCE] },
    ]);
    const assertion = await mint(issuer, {}, { expired: true });
    const { code, diagnosis } = await refusal(clientId, assertion);
    expect(code).toBe(700024);
    const exp = decodeAssertion(assertion).exp as number;
    expect(diagnosis.summary).toContain(`it expired at ${new Date(exp * 1000).toISOString()}`);
    expect(diagnosis.fix[0]).toContain("fresh token");
  });

  it("AADSTS70025: no credentials at all", async () => {
    const clientId = application([]);
    const { code, diagnosis } = await refusal(clientId, await mint(issuer, {}));
    expect(code).toBe(70025);
    expect(diagnosis.summary).toContain("has no federated identity credentials at all");
    await applySuggestion(clientId, diagnosis, () => mint(issuer, {}), "create");
  });

  it("AADSTS700016: an unknown application", async () => {
    const clientId = randomUUID();
    const { code, diagnosis } = await refusal(clientId, await mint(issuer, {}));
    expect(code).toBe(700016);
    expect(diagnosis.summary).toBe(
      `Entra found no application with client id ${clientId} in tenant ${tenantId}.`,
    );
  });

  it("AADSTS700027: a token signed with a key the issuer does not publish", async () => {
    const clientId = application([
      { name: "prod", issuer: issuer.issuer, subject: SUBJECT, audiences: [AUDIENCE] },
    ]);
    const assertion = await mint(issuer, {}, { wrongKey: true, kid: "rotated-away" });
    const { code, diagnosis } = await refusal(clientId, assertion);
    expect(code).toBe(700027);
    expect(diagnosis.details).toContain("Token header: alg RS256, kid rotated-away.");
    expect(diagnosis.commands?.[0]).toBe(`curl -sS ${issuer.issuer}/.well-known/openid-configuration`);
  });

  it("the suggested credential is the one the matcher then finds", async () => {
    const clientId = application([]);
    const assertion = await mint(issuer, { sub: "repo:contoso/app:pull_request" });
    const { diagnosis } = await refusal(clientId, assertion);
    const suggested = diagnosis.suggestedCredential as FederatedIdentityCredential;
    expect(matchFederatedCredential(decodeAssertion(assertion), [suggested])).toEqual({ matched: suggested });
  });
});
