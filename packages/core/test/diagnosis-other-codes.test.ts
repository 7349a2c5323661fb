import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { AKS, CLIENT_ID, causes, diagnose, GITHUB, githubToken, SECONDS, TENANT_ID } from "./diagnosis-cases";

describe("diagnoseEntraError: other federation codes", () => {
  it("AADSTS700024: an expired token, with both times and Entra's clock", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      assertion: githubToken({ iat: SECONDS - 400, nbf: SECONDS - 400, exp: SECONDS - 100 }),
      errorDescription:
        "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-03-01T12:03:00.0000000Z, assertion valid from 2025-03-01T11:53:20.0000000Z, expiry time of assertion 2025-03-01T11:58:20.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    });
    expect(diagnosis.summary).toBe(
      "The token had expired when Entra checked it: it expired at 2025-03-01T11:58:20.000Z, 4 min 40 s before Entra's time 2025-03-01T12:03:00.000Z.",
    );
    expect(diagnosis.likelyCauses[0]).toBe(
      "This machine's clock is 3 min 0 s behind Entra's (Entra: 2025-03-01T12:03:00.000Z, here: 2025-03-01T12:00:00.000Z).",
    );
    expect(causes(diagnosis)).toContain("reused after its lifetime");
    expect(diagnosis.details).toContain("The token's lifetime is 5 min 0 s.");
    expect(diagnosis.fix.join("\n")).toContain("fresh token");
    expect(diagnosis.suggestedCredential).toBeUndefined();
  });

  it("AADSTS700024 by this machine's clock alone", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ exp: SECONDS - 30 }) });
    expect(diagnosis.summary).toContain("30 s before this machine's time 2025-03-01T12:00:00.000Z");
  });

  it("AADSTS700024 without the token: Entra's quoted times alone, and no lifetime", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      errorDescription:
        "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-03-01T12:03:00.0000000Z, assertion valid from 2025-03-01T11:53:20.0000000Z, expiry time of assertion 2025-03-01T11:58:20.0000000Z.",
    });
    expect(diagnosis.summary).toBe(
      "The token had expired when Entra checked it: it expired at 2025-03-01T11:58:20.000Z, 4 min 40 s before Entra's time 2025-03-01T12:03:00.000Z.",
    );
    expect(diagnosis.details.join("\n")).not.toContain("lifetime");
  });

  it("AADSTS700024 for a token not yet valid", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ nbf: SECONDS + 120 }) });
    expect(diagnosis.summary).toContain("not yet valid");
    expect(diagnosis.summary).toContain("valid from 2025-03-01T12:02:00.000Z, 2 min 0 s after");
  });

  it("AADSTS700024 when this machine thinks the token is valid", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken() });
    expect(diagnosis.summary).toContain(
      "although by this machine's clock (2025-03-01T12:00:00.000Z) it is valid",
    );
  });

  it("AADSTS700024 for a Kubernetes token mentions the rotated file", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      assertion: unsignedJwt({
        iss: AKS,
        sub: "system:serviceaccount:a:b",
        aud: "api://AzureADTokenExchange",
        exp: SECONDS - 10,
      }),
    });
    expect(causes(diagnosis)).toContain("kubelet rewrites it");
  });

  it("AADSTS70025: no credentials at all", () => {
    const diagnosis = diagnose({
      aadsts: [70025],
      assertion: githubToken(),
      errorDescription: `AADSTS70025: The client application '${CLIENT_ID}' has no configured federated identity credentials.`,
    });
    expect(diagnosis.summary).toContain("has no federated identity credentials at all");
    expect(causes(diagnosis)).toContain(
      "on the managed identity while AZURE_CLIENT_ID names the app registration",
    );
    expect(diagnosis.suggestedCredential).toMatchObject({ subject: "repo:contoso/app:ref:refs/heads/main" });
    expect(diagnosis.commands?.[0]).toMatch(/^az ad app federated-credential create --id /);
  });

  it("AADSTS70025 without an assertion still says what to create", () => {
    const diagnosis = diagnose({ aadsts: [70025] });
    expect(diagnosis.suggestedCredential).toBeUndefined();
    expect(diagnosis.fix[0]).toContain("with the issuer, subject and audience of the platform's token");
  });

  it("AADSTS700016: the application is not in the tenant", () => {
    const diagnosis = diagnose({
      aadsts: [700016],
      clientId: "my-app",
      errorDescription:
        "AADSTS700016: Application with identifier 'my-app' was not found in the directory 'Contoso'.",
    });
    expect(diagnosis.summary).toBe(
      `Entra found no application with client id my-app in tenant ${TENANT_ID}.`,
    );
    expect(diagnosis.likelyCauses[0]).toContain("is not a GUID");
    expect(causes(diagnosis)).toContain("principal (object) id instead of its client id");
    expect(diagnosis.commands).toContain("az account show --query tenantId");
  });

  it("AADSTS50027: a malformed token, with the algorithm at fault", () => {
    const diagnosis = diagnose({
      aadsts: [50027],
      assertion: unsignedJwt({ iss: GITHUB, sub: "s", aud: "a" }, { alg: "HS256" }),
    });
    expect(diagnosis.summary).toContain("could not read the client assertion as a valid JWT");
    expect(causes(diagnosis)).toContain("shared-secret algorithm HS256");
    expect(causes(diagnosis)).toContain("no `exp` claim");
  });

  it("AADSTS50027: names what is wrong with a token that is not a JWT", () => {
    const diagnosis = diagnose({
      aadsts: [50027],
      assertion: '{"value":"eyJ0eXAi.payload.signature-long-enough"}',
    });
    expect(diagnosis.likelyCauses[0]).toContain("it is JSON, not a JWT");
  });

  it("AADSTS700027: signature validation failed, with kid and the commands to inspect the keys", () => {
    const diagnosis = diagnose({ aadsts: [700027], assertion: githubToken() });
    expect(diagnosis.summary).toContain(`keys published by ${GITHUB}`);
    expect(diagnosis.details).toContain("Token header: alg RS256, kid test-key.");
    expect(causes(diagnosis)).toContain('the key with kid "test-key"');
    expect(diagnosis.commands).toEqual([
      `curl -sS ${GITHUB}/.well-known/openid-configuration`,
      `curl -sS "$(curl -sS ${GITHUB}/.well-known/openid-configuration | jq -r .jwks_uri)"`,
    ]);
  });

  it("AADSTS90061: the issuer's discovery endpoint is unreachable", () => {
    const diagnosis = diagnose({
      aadsts: [90061],
      assertion: unsignedJwt({ iss: AKS, sub: "system:serviceaccount:a:b", aud: "x" }),
    });
    expect(diagnosis.summary).toContain(`${AKS.slice(0, -1)}/.well-known/openid-configuration`);
    expect(causes(diagnosis)).toContain("not reachable from the internet");
  });

  it("AADSTS900612: the signing keys cannot be parsed", () => {
    const diagnosis = diagnose({ aadsts: [900612], assertion: githubToken() });
    expect(diagnosis.summary).toContain("could not parse them");
    expect(diagnosis.commands).toHaveLength(2);
  });

  it("AADSTS70052: a multi-tenant app with the Azure Pipelines Entra issuer", () => {
    const diagnosis = diagnose({
      aadsts: [70052],
      assertion: unsignedJwt({
        iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
        sub: "/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/org/conn",
        aud: "api://AzureADTokenExchange",
      }),
    });
    expect(diagnosis.summary).toContain("this app is multi-tenant");
    expect(causes(diagnosis)).toContain("Azure Pipelines with the Entra issuer");
    expect(diagnosis.commands).toContain(
      `az ad app update --id ${CLIENT_ID} --sign-in-audience AzureADMyOrg`,
    );
  });

  it.each([
    [700223, "is disabled by policy"],
    [700238, "restricts workload identity federation"],
  ])("AADSTS%i: tenant policy", (code, summary) => {
    const diagnosis = diagnose({ aadsts: [code], assertion: githubToken() });
    expect(diagnosis.summary).toContain(summary);
    expect(diagnosis.fix[0]).toContain("tenant administrator");
  });

  it.each([
    ["client_assertion", "returned an empty token"],
    ["client_id", "The client id is empty"],
    ["scope", "without one of the required fields"],
  ])("AADSTS900144: missing %s", (parameter, cause) => {
    const diagnosis = diagnose({
      aadsts: [900144],
      errorDescription: `AADSTS900144: The request body must contain the following parameter: '${parameter}'.`,
    });
    expect(diagnosis.summary).toBe(`The token request lacked a required parameter: ${parameter}.`);
    expect(diagnosis.likelyCauses[0]).toContain(cause);
  });

  it("falls back for any other code, pointing at Entra's error page", () => {
    const diagnosis = diagnose({
      aadsts: [53003],
      assertion: githubToken(),
      errorDescription: "AADSTS53003: Access has been blocked by Conditional Access policies.",
    });
    expect(diagnosis.summary).toBe("Entra refused the token request with AADSTS53003.");
    expect(diagnosis.details[0]).toBe(
      "Entra answered: AADSTS53003: Access has been blocked by Conditional Access policies.",
    );
    expect(diagnosis.fix).toEqual([
      "Look the code up at https://login.microsoftonline.com/error?code=53003.",
    ]);
  });

  it("takes the code from the description when error_codes is empty", () => {
    const diagnosis = diagnose({
      aadsts: [],
      errorDescription: "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.",
    });
    expect(diagnosis.summary).toContain("found no application");
  });

  it("prefers a known federation code among several", () => {
    const diagnosis = diagnose({ aadsts: [50000, 70025], assertion: githubToken() });
    expect(diagnosis.summary).toContain("no federated identity credentials at all");
  });

  it("copes with no code and no description", () => {
    const diagnosis = diagnose({ aadsts: [] });
    expect(diagnosis.summary).toBe("Entra refused the token request.");
    expect(diagnosis.details).toContain(
      "No assertion was available to decode, and Entra quoted none of its values.",
    );
  });
});
