import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubRestApiEmulator, startGitHubRestApiEmulator } from "../src/index";

let api: GitHubRestApiEmulator;
beforeAll(async () => {
  api = await startGitHubRestApiEmulator({
    repositories: [
      { fullName: "Contoso/WebApp", ownerId: 11, repositoryId: 22, immutable: true },
      {
        fullName: "contoso/secret",
        ownerId: 11,
        repositoryId: 33,
        private: true,
        readers: ["ghp_reader_token_1"],
      },
    ],
  });
});
afterAll(async () => {
  await api?.close();
});

async function get(path: string, token?: string) {
  const response = await request(`${api.url}${path}`, {
    dispatcher: api.dispatcher,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

describe("GitHub REST API emulator", () => {
  it("answers a repository's ids and canonical names whatever the case of the request", async () => {
    const { status, body } = await get("/repos/contoso/webapp", api.token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 22, full_name: "Contoso/WebApp", owner: { login: "Contoso", id: 11 } });
  });

  it("answers the OIDC customisation with sub_claim_prefix in the repository's form", async () => {
    const { status, body } = await get("/repos/Contoso/WebApp/actions/oidc/customization/sub", api.token);
    expect(status).toBe(200);
    expect(body).toEqual({
      use_default: true,
      use_immutable_subject: true,
      sub_claim_prefix: "repo:Contoso@11/WebApp@22",
    });
  });

  it("answers 401 to a wrong token and to settings asked without one, 404 to what the token cannot see", async () => {
    expect((await get("/repos/contoso/webapp", "ghp_wrong_token_000")).status).toBe(401);
    expect((await get("/repos/contoso/webapp", "ghp_wrong_token_000")).body.message).toBe("Bad credentials");
    expect((await get("/repos/contoso/webapp/actions/oidc/customization/sub")).status).toBe(401);
    expect((await get("/repos/contoso/webapp")).status).toBe(200);
    expect((await get("/repos/contoso/missing", api.token)).status).toBe(404);
    expect((await get("/repos/contoso/secret", api.token)).status).toBe(404);
    expect((await get("/repos/contoso/secret", "ghp_reader_token_1")).status).toBe(200);
  });

  it("counts requests and records them without tokens", async () => {
    const before = api.requestCount;
    await get("/repos/contoso/webapp", api.token);
    expect(api.requestCount).toBe(before + 1);
    expect(api.requests.at(-1)).toEqual({
      method: "GET",
      path: "/repos/contoso/webapp",
      authorized: true,
      status: 200,
    });
    expect(JSON.stringify(api.requests)).not.toContain(api.token);
  });

  it("refuses a repository that is not owner/repo", async () => {
    await expect(
      startGitHubRestApiEmulator({ repositories: [{ fullName: "contoso", ownerId: 1, repositoryId: 2 }] }),
    ).rejects.toThrow(/fullName/);
  });
});
