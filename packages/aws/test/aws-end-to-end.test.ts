import { randomUUID } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { AuthenticationError, FederatedTokenCredential } from "@azfed/core";
import {
  type CapturedAzureLogs,
  captureAzureLogs,
  type EntraEmulator,
  expectNoSecrets,
  exposedText,
  rejectionOf,
  startEntraEmulator,
} from "@azfed/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsFederatedCredential } from "../src/index";
import { useSts } from "./sts-fixture";

const SCOPE = "https://management.azure.com/.default";
const { sts, provider } = useSts();
let entra: EntraEmulator;
let logs: CapturedAzureLogs;
let clientId: string;
let tenantId: string;

function credential(assertion = provider()): FederatedTokenCredential {
  return new FederatedTokenCredential({
    tenantId,
    clientId,
    assertion,
    authorityHost: entra.url,
    dispatcher: entra.dispatcher,
    retry: { maxRetries: 0 },
  });
}

function trust(subject = sts().roleArn): void {
  const fic = awsFederatedCredential({ issuer: sts().issuer, roleArn: subject });
  entra.addApplication({
    clientId,
    tenantId,
    federatedCredentials: [{ ...fic, audiences: [...fic.audiences] }],
  });
}

beforeAll(async () => {
  entra = await startEntraEmulator({ ca: sts().ca });
});
afterAll(async () => {
  await entra.close();
});
beforeEach(() => {
  entra.reset();
  clientId = randomUUID();
  tenantId = randomUUID();
  logs = captureAzureLogs();
});
afterEach(() => {
  logs.restore();
  expectNoSecrets(logs.text(), sts().issuedTokens);
});

describe("aws → FederatedTokenCredential → Entra emulator, over HTTPS on 127.0.0.1", () => {
  it("exchanges STS's token for an access token through the role's federated credential", async () => {
    trust();
    const accessToken = await credential().getToken(SCOPE);
    const claims = await entra.verifyAccessToken(accessToken.token);
    expect(claims).toMatchObject({ appid: clientId, tid: tenantId });
    expect(sts().count()).toBe(1);
  });

  it("a credential written with a session ARN is refused, and the diagnosis asks for the role ARN", async () => {
    entra.addApplication({
      clientId,
      tenantId,
      federatedCredentials: [
        {
          name: "session",
          issuer: sts().issuer,
          subject: "arn:aws:sts::123456789012:assumed-role/payments-api/i-0abc",
          audiences: ["api://AzureADTokenExchange"],
        },
      ],
    });
    const error = await rejectionOf(credential().getToken(SCOPE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("path included (arn:aws:iam::123456789012:role/apps/payments-api)");
    expectNoSecrets(exposedText(error), sts().issuedTokens);
  });

  it("an AWS refusal reaches the caller with its fix, and nothing reaches Entra", async () => {
    trust();
    sts().failNext(1, "federation-disabled");
    const error = await rejectionOf(credential().getToken(SCOPE));
    expect(error.message).toContain("aws iam enable-outbound-web-identity-federation");
    expect(entra.requests.filter((request) => request.endpoint === "token")).toEqual([]);
  });

  it("no request leaves loopback: every HTTP client request goes to 127.0.0.1", async () => {
    const hosts: string[] = [];
    const record = (message: unknown) => {
      const request = (message as { request?: { host?: string } }).request;
      hosts.push(String(request?.host));
    };
    subscribe("http.client.request.start", record);
    try {
      trust();
      await credential().getToken(SCOPE);
      // No region in the options or variables: the SDK looks further (config file, instance metadata),
      // which AWS_EC2_METADATA_DISABLED keeps off the network.
      const { AWS_REGION: _region, ...noRegion } = sts().env();
      const saved = process.env.AWS_REGION;
      delete process.env.AWS_REGION;
      await rejectionOf(provider({ env: noRegion }).getAssertion({ audience: "api://AzureADTokenExchange" }));
      process.env.AWS_REGION = saved;
    } finally {
      unsubscribe("http.client.request.start", record);
    }
    expect(hosts.length).toBeGreaterThan(0);
    expect(hosts.filter((host) => host !== "127.0.0.1")).toEqual([]);
  });
});
