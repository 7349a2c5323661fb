import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AzureDevOpsEmulator, startAzureDevOpsEmulator } from "../src/index";

let devops: AzureDevOpsEmulator;
let otherOrigin: AzureDevOpsEmulator;

beforeAll(async () => {
  [devops, otherOrigin] = await Promise.all([
    startAzureDevOpsEmulator({ organization: "contoso", project: "Web Platform" }),
    startAzureDevOpsEmulator({ signInPage: "other-origin" }),
  ]);
});
afterAll(async () => {
  await Promise.all([devops?.close(), otherOrigin?.close()]);
});

/** `POST {oidcRequestUri}?api-version=7.1…` as a pipeline step sends it, without following redirects. */
function requestOidcToken(emulator: AzureDevOpsEmulator, query: string, headers: Record<string, string>) {
  return fetch(`${emulator.oidcRequestUri}?api-version=7.1${query}`, {
    method: "POST",
    headers,
    redirect: "manual",
    dispatcher: emulator.dispatcher,
  });
}

describe("the Azure DevOps emulator", () => {
  it("redirects a refused request without the suppress header to an HTML sign-in page", async () => {
    const response = await requestOidcToken(otherOrigin, "", { authorization: "Bearer wrong" });
    expect(response.status).toBe(302);
    const location = response.headers.get("location") as string;
    expect(location.startsWith(`${otherOrigin.signInUrl}?`)).toBe(true);
    const page = await fetch(location, { dispatcher: otherOrigin.dispatcher });
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Sign In");
  });

  it("answers 400 with Azure DevOps' error JSON for an unknown connection", async () => {
    const id = randomUUID();
    const response = await requestOidcToken(devops, `&serviceConnectionId=${id}`, {
      authorization: `Bearer ${devops.accessToken}`,
      "x-tfs-fedauthredirect": "Suppress",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      $id: "1",
      innerException: null,
      message: `No service connection found with identifier ${id}.`,
      typeKey: expect.any(String),
      errorCode: 0,
    });
  });

  it("gives a pipeline token without a service connection", async () => {
    const response = await requestOidcToken(devops, "", {
      authorization: `Bearer ${devops.accessToken}`,
      "x-tfs-fedauthredirect": "Suppress",
    });
    expect(response.status).toBe(200);
    const { oidcToken } = (await response.json()) as { oidcToken: string };
    const claims = decodeJwt(oidcToken);
    expect(claims).toMatchObject({ sub: "p://contoso/Web Platform/web-ci", org_id: devops.organizationId });
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    expect((claims.iat as number) - (claims.nbf as number)).toBe(600);
  });
});
