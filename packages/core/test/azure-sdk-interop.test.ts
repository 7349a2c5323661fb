import type { IncomingMessage, ServerResponse } from "node:http";
import { type RunningServer, startHttpsServer } from "@azfed/testing";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineRequest,
  type Pipeline,
  tlsPolicy,
} from "@azure/core-rest-pipeline";
import { ChainedTokenCredential, EnvironmentCredential, getBearerTokenProvider } from "@azure/identity";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import type { AssertionProvider } from "../src/provider/assertion-provider";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;
let resource: RunningServer;
/** Tokens the resource server stopped accepting (it then sends a CAE challenge). */
const revoked = new Set<string>();
const seen: { token: string; xmsCc: unknown }[] = [];

/** A resource server that accepts only access tokens the Entra emulator issued, and issues CAE challenges. */
async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (!token) {
    response.writeHead(401, {
      "www-authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/"',
    });
    response.end();
    return;
  }
  try {
    const claims = await federation.entra.verifyAccessToken(token);
    seen.push({ token, xmsCc: claims.xms_cc });
  } catch {
    response.writeHead(401).end();
    return;
  }
  if (revoked.has(token)) {
    const challenge = Buffer.from(
      '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}',
    ).toString("base64");
    response.writeHead(401, {
      "www-authenticate": `Bearer realm="", error="insufficient_claims", error_description="token revoked", claims="${challenge}"`,
    });
    response.end();
    return;
  }
  response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
}

useFederation((started) => {
  federation = started;
});
beforeAll(async () => {
  resource = await startHttpsServer((request, response) => handle(request, response), {
    ca: federation.entra.ca,
  });
});
afterAll(async () => {
  await resource?.close();
});
beforeEach(() => {
  seen.length = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function pipelineFor(credential: ReturnType<Federation["credential"]>): Pipeline {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(tlsPolicy({ ca: federation.entra.ca.certificatePem }));
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: SCOPE }));
  return pipeline;
}

const requestToResource = () => createPipelineRequest({ url: `${resource.url}/data` });

describe("@azure/core-rest-pipeline's bearerTokenAuthenticationPolicy", () => {
  it("sends our token to a resource that verifies it", async () => {
    const credential = federation.credential();
    const pipeline = pipelineFor(credential);
    const client = createDefaultHttpClient();
    const first = await pipeline.sendRequest(client, requestToResource());
    const second = await pipeline.sendRequest(client, requestToResource());
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(seen).toHaveLength(2);
    // The policy asks for CAE tokens by default.
    expect(seen[0]?.token).toBe((await credential.getToken(SCOPE, { enableCae: true })).token);
    expect(seen[0]?.xmsCc).toEqual(["cp1"]);
    expect(federation.entra.count("token")).toBe(1);
  });

  it("answers a CAE claims challenge with a fresh token carrying cp1", async () => {
    const credential = federation.credential();
    const pipeline = pipelineFor(credential);
    const client = createDefaultHttpClient();
    expect((await pipeline.sendRequest(client, requestToResource())).status).toBe(200);
    const firstToken = seen[0]?.token as string;
    revoked.add(firstToken);

    const response = await pipeline.sendRequest(client, requestToResource());
    expect(response.status).toBe(200);
    const last = seen.at(-1);
    expect(last?.token).not.toBe(firstToken);
    expect(last?.xmsCc).toEqual(["cp1"]);
    const claims = JSON.parse(federation.entra.requests.at(-1)?.form.claims ?? "{}");
    expect(claims.access_token.nbf).toEqual({ essential: true, value: "1700000000" });
  });
});

describe("@azure/identity", () => {
  it("ChainedTokenCredential moves past an unavailable credential to ours", async () => {
    for (const name of [
      "AZURE_TENANT_ID",
      "AZURE_CLIENT_ID",
      "AZURE_CLIENT_SECRET",
      "AZURE_CLIENT_CERTIFICATE_PATH",
    ]) {
      vi.stubEnv(name, "");
    }
    const chain = new ChainedTokenCredential(new EnvironmentCredential(), federation.credential());
    const token = await chain.getToken(SCOPE);
    expect((await federation.entra.verifyAccessToken(token.token)).tid).toBe(federation.tenantId);
  });

  it("ChainedTokenCredential moves past ours when its platform is absent", async () => {
    const absent: AssertionProvider = {
      name: "gitlab",
      detect: () => ({ available: false, reason: "no GitLab id_token variable is set" }),
      getAssertion: async () => {
        throw new Error("never called");
      },
    };
    const chain = new ChainedTokenCredential(
      federation.credential({ assertion: absent }),
      federation.credential(),
    );
    const token = await chain.getToken(SCOPE);
    expect(token.token).toBeTruthy();
    expect(federation.entra.count("token")).toBe(1);
  });

  it("ChainedTokenCredential moves past ours when no tenant id is configured", async () => {
    vi.stubEnv("AZURE_TENANT_ID", "");
    const chain = new ChainedTokenCredential(
      federation.credential({ tenantId: undefined }),
      federation.credential(),
    );
    expect((await chain.getToken(SCOPE)).token).toBeTruthy();
  });

  it("ChainedTokenCredential stops at our AuthenticationError", async () => {
    federation.claims = { sub: "repo:contoso/app:ref:refs/heads/feature" };
    const chain = new ChainedTokenCredential(federation.credential(), federation.credential());
    const error = await chain.getToken(SCOPE).catch((caught: unknown) => caught);
    federation.claims = {};
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).aadsts).toEqual([700213]);
    expect(federation.entra.count("token")).toBe(1);
  });

  it("getBearerTokenProvider returns our access token", async () => {
    const credential = federation.credential();
    const getToken = getBearerTokenProvider(credential, SCOPE);
    const token = await getToken();
    expect(token).toBe((await credential.getToken(SCOPE, { enableCae: true })).token);
    expect((await federation.entra.verifyAccessToken(token)).aud).toBe("https://management.azure.com");
    expect(await getToken()).toBe(token);
    expect(federation.entra.count("token")).toBe(1);
  });
});
