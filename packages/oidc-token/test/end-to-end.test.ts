import { randomUUID } from "node:crypto";
import {
  type AssertionProvider,
  AuthenticationError,
  type FederatedIdentityCredential,
  FederatedTokenCredential,
} from "@azfed/core";
import {
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  type JenkinsBuild,
  rejectionOf,
  type SpaceliftRun,
  startEntraEmulator,
  startJenkinsBuild,
  startSpaceliftRun,
} from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  jenkins,
  jenkinsFederatedCredential,
  oidcToken,
  spacelift,
  spaceliftFederatedCredential,
} from "../src/index";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SCOPE = "https://management.azure.com/.default";

let entra: EntraEmulator;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  entra = await startEntraEmulator();
});
afterAll(async () => {
  await Promise.all([...closers.map((close) => close()), entra.close()]);
});
beforeEach(() => entra.reset());

function trust(fic: FederatedIdentityCredential): string {
  const clientId = randomUUID();
  entra.addApplication({
    clientId,
    tenantId: TENANT_ID,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
  return clientId;
}

function credential(assertion: AssertionProvider, clientId: string): FederatedTokenCredential {
  return new FederatedTokenCredential({
    tenantId: TENANT_ID,
    clientId,
    assertion,
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
  });
}

async function expectToken(assertion: AssertionProvider, clientId: string): Promise<void> {
  const token = await credential(assertion, clientId).getToken(SCOPE);
  const claims = await entra.verifyAccessToken(token.token);
  expect(claims.appid ?? claims.azp).toBe(clientId);
  expect(entra.count("token")).toBe(1);
}

async function run(options: Parameters<typeof startSpaceliftRun>[0] = {}): Promise<SpaceliftRun> {
  const started = await startSpaceliftRun({ ca: entra.ca, ...options });
  closers.push(() => started.close());
  return started;
}

async function build(options: Parameters<typeof startJenkinsBuild>[0] = {}): Promise<JenkinsBuild> {
  const started = await startJenkinsBuild({ ca: entra.ca, ...options });
  closers.push(() => started.close());
  return started;
}

describe("Spacelift end to end: run -> spacelift() -> FederatedTokenCredential -> Entra emulator", () => {
  it("exchanges the run's token from SPACELIFT_OIDC_TOKEN with the builder's credential (audience the account host)", async () => {
    const running = await run({ spaceId: "root", stack: "infra", runType: "TRACKED", scope: "write" });
    const fic = spaceliftFederatedCredential({
      issuer: running.issuer,
      spaceId: "root",
      stack: "infra",
      runType: "TRACKED",
      scope: "write",
    });
    expect(fic.audiences).toEqual([running.audience]);
    await expectToken(spacelift({ env: running.env }), trust(fic));
    const presented = entra.requests.find((request) => request.endpoint === "token");
    expect(presented).toBeDefined();
  });

  it("reads the token file when the variable is unset", async () => {
    const running = await run({ runType: "PROPOSED" });
    const { SPACELIFT_OIDC_TOKEN: _, ...env } = running.env;
    const fic = spaceliftFederatedCredential({
      issuer: running.issuer,
      spaceId: "root",
      stack: "infra",
      runType: "PROPOSED",
      scope: "read",
    });
    await expectToken(spacelift({ env, file: running.tokenFile }), trust(fic));
  });

  it("explains a credential for another run type (Entra matches the subject exactly)", async () => {
    const running = await run({ runType: "PROPOSED" });
    const fic = spaceliftFederatedCredential({
      issuer: running.issuer,
      spaceId: "root",
      stack: "infra",
      runType: "TRACKED",
      scope: "write",
    });
    const error = await rejectionOf(credential(spacelift({ env: running.env }), trust(fic)).getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String(error)).toMatch(/run type/);
    expectNoSecrets(exposedText(error), [running.token]);
  });

  it("refuses an expired token before Entra sees it, saying azfed cannot refresh it", async () => {
    const running = await run();
    const expired = await running.mint({ expired: true });
    const fic = spaceliftFederatedCredential({
      issuer: running.issuer,
      spaceId: "root",
      stack: "infra",
      runType: "TRACKED",
      scope: "write",
    });
    const logs = captureAzureLogs();
    try {
      const error = await rejectionOf(
        credential(
          spacelift({ env: { ...running.env, SPACELIFT_OIDC_TOKEN: expired } }),
          trust(fic),
        ).getToken(SCOPE),
      );
      expect(String(error)).toMatch(
        /cannot be refreshed: a CI variable is fixed for the job \(Spacelift sets it once\)/,
      );
      expect(entra.count("token")).toBe(0);
      expectNoSecrets([exposedText(error), ...logs.lines].join("\n"), [expired, running.token]);
    } finally {
      logs.restore();
    }
  });

  it("detects a run by SPACELIFT_OIDC_TOKEN, and explains a run without one", async () => {
    const running = await run();
    expect(spacelift().detect?.(running.env)).toMatchObject({ available: true });
    const unpaid = await run({ oidc: false });
    const detection = spacelift({ file: unpaid.tokenFile }).detect?.(unpaid.env);
    expect(detection).toMatchObject({ available: false, reason: expect.stringContaining("paid accounts") });
    expect(spacelift({ file: unpaid.tokenFile }).detect?.({})).toMatchObject({
      reason: expect.stringContaining("not a Spacelift run"),
    });
  });

  it("asks for the account host as audience when the run names it", async () => {
    const running = await run();
    expect(spacelift({ env: running.env }).defaultAudience?.(undefined)).toBe(running.audience);
    expect(spacelift({ env: {} }).defaultAudience?.(undefined)).toBe("api://AzureADTokenExchange");
  });
});

describe("Jenkins end to end: withCredentials -> jenkins() -> FederatedTokenCredential -> Entra emulator", () => {
  it("exchanges an id token bound to a variable", async () => {
    const running = await build({ job: "payments/api" });
    const fic = jenkinsFederatedCredential({ jenkinsUrl: running.jenkinsUrl, job: "payments/api" });
    expect(fic.subject).toBe(running.subject);
    expect(fic.issuer).toBe(running.issuer);
    await expectToken(jenkins({ env: running.env, variable: "AZURE_ID_TOKEN" }), trust(fic));
  });

  it("exchanges an id token bound as a file, named by AZFED_OIDC_TOKEN_FILE", async () => {
    const running = await build({ asFile: true });
    const fic = jenkinsFederatedCredential({ jobUrl: running.subject });
    const env = { ...running.env, AZFED_OIDC_TOKEN_FILE: running.tokenFile ?? "" };
    await expectToken(jenkins({ env }), trust(fic));
  });

  it("says to fill in the credential's Audience when the token has none", async () => {
    const running = await build({ audience: null });
    const error = await rejectionOf(
      jenkins({ env: running.env, variable: "AZURE_ID_TOKEN" }).getAssertion({
        audience: "api://AzureADTokenExchange",
      }),
    );
    expect(error).toMatchObject({ name: "OidcTokenError" });
    expect(String(error)).toContain("Audience field is empty; enter api://AzureADTokenExchange");
    expectNoSecrets(exposedText(error), [running.token]);
  });

  it("is never detected from JENKINS_URL alone, and says what to bind", async () => {
    const running = await build();
    const { AZURE_ID_TOKEN: _, ...env } = running.env;
    expect(jenkins().detect?.(env)).toMatchObject({ available: false });
    const named = jenkins({ variable: "AZURE_ID_TOKEN" }).detect?.(env);
    expect(named).toMatchObject({ available: false, reason: expect.stringContaining("withCredentials") });
  });
});

describe("oidcToken() end to end", () => {
  it("exchanges any issuer's token from a variable, as a platform azfed does not know", async () => {
    const running = await build({ job: "app" });
    const fic = jenkinsFederatedCredential({ jobUrl: running.subject });
    await expectToken(
      oidcToken({ env: running.env, variable: "AZURE_ID_TOKEN", writer: "the CI" }),
      trust(fic),
    );
  });
});
