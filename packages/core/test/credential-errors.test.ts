import { randomUUID } from "node:crypto";
import { type OidcIssuer, startOidcIssuer } from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { AssertionFetchError } from "../src/errors/assertion-fetch-error";
import { type Federation, PUBLIC_AUDIENCE, SCOPE, SUBJECT, useFederation } from "./federation-fixture";

let federation: Federation;
let otherIssuer: OidcIssuer;

useFederation((started) => {
  federation = started;
});
beforeAll(async () => {
  otherIssuer = await startOidcIssuer({ ca: federation.entra.ca });
});
afterAll(async () => {
  await otherIssuer?.close();
});
beforeEach(() => {
  federation.claims = {};
  federation.mintOptions = {};
});

async function refusal(getToken: Promise<unknown>): Promise<AuthenticationError> {
  const error = await getToken.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return error as AuthenticationError;
}

/** Checks what every refusal carries: Entra's own fields, matched against what the emulator logged. */
function expectEntraFields(
  error: AuthenticationError,
  code: number,
  status: number,
  errorCode: string,
): void {
  const tokenRequests = federation.entra.requests.filter((request) => request.endpoint === "token");
  const last = tokenRequests.at(-1);
  expect(last?.errorCode).toBe(code);
  expect(error.name).toBe("AuthenticationError");
  expect(error.aadsts).toEqual([code]);
  expect(error.statusCode).toBe(status);
  expect(error.errorCode).toBe(errorCode);
  expect(error.correlationId).toBe(last?.correlationId);
  // The correlation id the credential sent (query parameter and header) is the one Entra echoed.
  expect(new URL(last?.path ?? "", "https://x").searchParams.get("client-request-id")).toBe(
    error.correlationId,
  );
  expect(last?.headers["client-request-id"]).toBe(error.correlationId);
  expect(error.traceId).toMatch(/^[0-9a-f-]{36}$/);
  expect(error.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(error.errorDescription).toMatch(new RegExp(`^AADSTS${code}:`));
  expect(error.message).toContain(`AADSTS${code}:`);
  expect(error.message).toContain(error.diagnosis.summary);
  expect(error.diagnosis.summary.length).toBeGreaterThan(10);
  expect(error.diagnosis.fix.length).toBeGreaterThan(0);
  // Entra's 4xx answers are final: exactly one token request.
  expect(tokenRequests).toHaveLength(1);
}

describe("Entra refusals surface as AuthenticationError with a diagnosis", () => {
  it("AADSTS700213: the subject does not match", async () => {
    federation.claims = { sub: "repo:contoso/app:ref:refs/heads/dev" };
    const error = await refusal(federation.credential().getToken(SCOPE));
    expectEntraFields(error, 700213, 401, "invalid_client");
    expect(error.diagnosis.details.join("\n")).toContain("repo:contoso/app:ref:refs/heads/dev");
    expect(error.diagnosis.suggestedCredential?.subject).toBe("repo:contoso/app:ref:refs/heads/dev");
    expect(error.diagnosis.suggestedCredential?.issuer).toBe(federation.issuer.issuer);
  });

  it("AADSTS7002138: the subject matches only when ignoring case", async () => {
    federation.claims = { sub: SUBJECT.replace("contoso", "Contoso") };
    const error = await refusal(federation.credential().getToken(SCOPE));
    expectEntraFields(error, 7002138, 401, "invalid_client");
    expect(`${error.diagnosis.summary}\n${error.diagnosis.likelyCauses.join("\n")}`).toMatch(/case/i);
  });

  it("AADSTS700211: the issuer does not match", async () => {
    const error = await refusal(
      federation
        .credential({ assertion: ({ audience }) => otherIssuer.mint({ sub: SUBJECT, aud: audience }) })
        .getToken(SCOPE),
    );
    expectEntraFields(error, 700211, 401, "invalid_client");
    expect(error.diagnosis.details.join("\n")).toContain(otherIssuer.issuer);
  });

  it("AADSTS700212: the audience does not match (a token for the wrong cloud)", async () => {
    const error = await refusal(
      federation.credential({ audience: "api://AzureADTokenExchangeUSGov" }).getToken(SCOPE),
    );
    expectEntraFields(error, 700212, 401, "invalid_client");
    expect(error.diagnosis.details.join("\n")).toContain("api://AzureADTokenExchangeUSGov");
  });

  it("AADSTS70021: no flexible credential expression matches", async () => {
    // Entra stores a flexible credential only for the issuers it lists: GitHub's, its keys served here.
    const github = "https://token.actions.githubusercontent.com";
    federation.entra.locateIssuer(github, federation.issuer.issuer);
    federation.claims = { iss: github, repository_id: "42" };
    const clientId = randomUUID();
    federation.entra.addApplication({
      clientId,
      tenantId: federation.tenantId,
      federatedCredentials: [
        {
          name: "flexible",
          issuer: github,
          claimsMatchingExpression: {
            value: "claims['sub'] matches 'repo:contoso/other:*' and claims['repository_id'] eq '42'",
            languageVersion: 1,
          },
          audiences: [PUBLIC_AUDIENCE],
        },
      ],
    });
    const error = await refusal(federation.credential({ clientId }).getToken(SCOPE));
    expectEntraFields(error, 70021, 400, "invalid_request");
  });

  it("AADSTS700024: the external token has expired", async () => {
    federation.mintOptions = { expired: true };
    const error = await refusal(federation.credential().getToken(SCOPE));
    expectEntraFields(error, 700024, 401, "invalid_client");
    expect(`${error.diagnosis.summary}\n${error.diagnosis.likelyCauses.join("\n")}`).toMatch(/expire/i);
  });

  it("AADSTS70025: the application has no federated credentials", async () => {
    const clientId = randomUUID();
    federation.entra.addApplication({ clientId, tenantId: federation.tenantId, federatedCredentials: [] });
    const error = await refusal(federation.credential({ clientId }).getToken(SCOPE));
    expectEntraFields(error, 70025, 401, "invalid_client");
    expect(error.diagnosis.suggestedCredential?.subject).toBe(SUBJECT);
    expect(error.diagnosis.commands?.join("\n")).toContain("federated-credential create");
  });

  it("AADSTS700016: the application is not in the tenant", async () => {
    const clientId = randomUUID();
    const error = await refusal(federation.credential({ clientId }).getToken(SCOPE));
    expectEntraFields(error, 700016, 400, "unauthorized_client");
    expect(error.diagnosis.details.join("\n")).toContain(clientId);
  });

  it("AADSTS50027: the assertion is not a valid JWT", async () => {
    const error = await refusal(
      federation.credential({ assertion: () => "eyJhbGciOiJub25lIn0.e30.c2ln" }).getToken(SCOPE),
    );
    expectEntraFields(error, 50027, 400, "invalid_request");
  });

  it("AADSTS700027: the assertion's signature does not verify", async () => {
    federation.mintOptions = { wrongKey: true };
    const error = await refusal(federation.credential().getToken(SCOPE));
    expectEntraFields(error, 700027, 401, "invalid_client");
  });

  it("AADSTS90061: Entra cannot reach the issuer's discovery document", async () => {
    const gone = await startOidcIssuer({ ca: federation.entra.ca });
    const assertion = await gone.mint({ sub: SUBJECT, aud: PUBLIC_AUDIENCE });
    await gone.close();
    const clientId = randomUUID();
    federation.entra.addApplication({
      clientId,
      tenantId: federation.tenantId,
      federatedCredentials: [
        { name: "gone", issuer: gone.issuer, subject: SUBJECT, audiences: [PUBLIC_AUDIENCE] },
      ],
    });
    const error = await refusal(
      federation.credential({ clientId, assertion: () => assertion }).getToken(SCOPE),
    );
    expectEntraFields(error, 90061, 400, "invalid_request");
    expect(error.diagnosis.details.join("\n")).toContain(gone.issuer);
  });
});

describe("other failures", () => {
  it("an assertion that is not a JWT is refused before any request, without quoting it", async () => {
    const error = await federation
      .credential({ assertion: () => "not a token at all" })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as Error).message).toContain("not a JWT");
    expect((error as Error).message).not.toContain("not a token at all");
    expect(federation.entra.count("token")).toBe(0);
  });

  it("a failure of the assertion callback becomes an AssertionFetchError naming the provider", async () => {
    const error = await federation
      .credential({
        assertion: () => {
          throw new Error("the platform is down");
        },
      })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as AssertionFetchError).provider).toBe("assertion callback");
    expect((error as Error).message).toContain("the platform is down");
  });

  it("a gateway's HTML error page after the retries are spent is described, not quoted", async () => {
    federation.entra.failNext(3, { status: 502, body: "<html><body>Bad gateway</body></html>" });
    const error = await refusal(
      federation.credential({ retry: { maxRetries: 2, baseDelayMs: 5 } }).getToken(SCOPE),
    );
    expect(error.statusCode).toBe(502);
    expect(error.errorCode).toBe("http_502");
    expect(error.aadsts).toEqual([]);
    expect(error.message).toContain("HTTP 502");
    expect(error.message).not.toContain("<html>");
    expect(federation.entra.count("token")).toBe(3);
  });

  it("a failed discovery of a custom host is an AuthenticationError and is tried again next time", async () => {
    const credential = federation.credential();
    federation.entra.failNext(1, { status: 404, body: "not here" }, "openid-configuration");
    const error = await refusal(credential.getToken(SCOPE));
    expect(error.statusCode).toBe(404);
    expect(error.message).toContain("openid-configuration");
    expect(federation.entra.count("token")).toBe(0);
    const token = await credential.getToken(SCOPE);
    expect(token.token).toBeTruthy();
    expect(federation.entra.count("openid-configuration")).toBe(2);
  });
});
