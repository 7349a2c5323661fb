import { captureAzureLogs } from "@azfed/testing";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});
beforeEach(() => {
  federation.entra.setTokenLifetime(3599);
});

/** The log lines of one `run`, at the info level. */
async function logsOf(run: () => Promise<unknown>): Promise<string[]> {
  const logs = captureAzureLogs({ level: "info" });
  try {
    await run();
  } finally {
    logs.restore();
  }
  return logs.lines.filter((line) => line.includes("FederatedTokenCredential"));
}

describe("what the credential logs about each token", () => {
  it("names the scopes, tenant, client id, provider, expiry and refresh time, and no token", async () => {
    let token = "";
    const [line, ...more] = await logsOf(async () => {
      token = (await federation.credential().getToken(SCOPE)).token;
    });
    expect(more).toEqual([]);
    expect(line).toContain("azfed:info");
    expect(line).toContain(`token for scopes ${SCOPE} in tenant ${federation.tenantId} `);
    expect(line).toContain(`(client id ${federation.clientId}, assertion from `);
    expect(line).toMatch(/; expires \d{4}-\d\d-\d\dT[\d:.]+Z, refresh after \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(line).not.toContain("CAE");
    expect(line).not.toContain("claims challenge");
    expect(line).not.toContain(token);
  });

  it("ends the parenthesis with the provider's name when neither CAE nor a challenge applies", async () => {
    const [line] = await logsOf(() => federation.credential().getToken(SCOPE));
    expect(line).toContain(`(client id ${federation.clientId}, assertion from assertion callback); expires `);
  });

  it("says when the token is a CAE token or answers a claims challenge", async () => {
    const credential = federation.credential();
    const [cae] = await logsOf(() => credential.getToken(SCOPE, { enableCae: true }));
    expect(cae).toMatch(/, CAE\); expires /);
    const challenge = JSON.stringify({ access_token: { nbf: { essential: true, value: "1700000000" } } });
    const [challenged] = await logsOf(() =>
      credential.getToken(SCOPE, { enableCae: true, claims: challenge }),
    );
    expect(challenged).toMatch(/, CAE, claims challenge\); expires /);
  });

  it("an empty claims string is no challenge: the cached token answers", async () => {
    const credential = federation.credential();
    const first = await credential.getToken(SCOPE);
    expect(await credential.getToken(SCOPE, { claims: "" })).toBe(first);
    expect(federation.entra.count("token")).toBe(1);
  });

  it("warns with the first line of the error when a background refresh fails, and keeps the token", async () => {
    let now = Date.UTC(2030, 0, 1);
    const credential = federation.credential({ clock: () => now });
    const first = await credential.getToken(SCOPE);
    federation.entra.failNext(1, {
      status: 401,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        error: "invalid_client",
        error_description:
          "AADSTS700213: No matching federated identity record found for presented assertion subject 'x'.",
        error_codes: [700213],
      }),
    });
    now = first.refreshAfterTimestamp + 1;
    const logs = captureAzureLogs({ level: "warning" });
    try {
      expect(await credential.getToken(SCOPE)).toBe(first);
      await vi.waitFor(() => expect(logs.lines).toHaveLength(1), { timeout: 5_000 });
    } finally {
      logs.restore();
    }
    const [warning = ""] = logs.lines;
    expect(warning).toContain(
      `FederatedTokenCredential: background refresh for scopes ${SCOPE} in tenant ${federation.tenantId} failed; ` +
        "the cached token is used until it expires: ",
    );
    expect(warning).toContain("AADSTS700213");
    expect(warning).not.toContain("\n");
  });
});
