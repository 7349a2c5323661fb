import { describe, expect, it } from "vitest";
import { GITHUB_ISSUER, githubIssuer } from "../src/index";
import { invalidInput } from "./helpers";

describe("githubIssuer", () => {
  it("gives each documented issuer", () => {
    expect(githubIssuer()).toBe("https://token.actions.githubusercontent.com");
    expect(GITHUB_ISSUER).toBe(githubIssuer({}));
    expect(githubIssuer({ enterpriseSlug: "octocat-inc" })).toBe(
      "https://token.actions.githubusercontent.com/octocat-inc",
    );
    expect(githubIssuer({ ghesHost: "github.contoso.com" })).toBe(
      "https://github.contoso.com/_services/token",
    );
    expect(githubIssuer({ ghesHost: "ghes.internal:8443" })).toBe(
      "https://ghes.internal:8443/_services/token",
    );
    expect(githubIssuer({ gheDataResidencySubdomain: "octocorp" })).toBe(
      "https://token.actions.octocorp.ghe.com",
    );
    expect(githubIssuer({ gheDataResidencySubdomain: "octocorp", enterpriseSlug: "octocorp" })).toBe(
      "https://token.actions.octocorp.ghe.com/octocorp",
    );
  });

  it.each([
    [{ ghesHost: "https://github.contoso.com/" }, "ghesHost", /remove the scheme/],
    [{ ghesHost: "github.contoso.com/path" }, "ghesHost", /host name/],
    [{ ghesHost: "" }, "ghesHost", /host name/],
    [{ ghesHost: "github.contoso.com", enterpriseSlug: "x" }, "enterpriseSlug", /_services\/token/],
    [{ ghesHost: "a.b", gheDataResidencySubdomain: "x" }, "ghesHost", /not both/],
    [{ enterpriseSlug: "Contoso" }, "enterpriseSlug", /lower case/],
    [{ enterpriseSlug: "contoso inc" }, "enterpriseSlug", /slug/],
    [{ gheDataResidencySubdomain: "octocorp.ghe.com" }, "gheDataResidencySubdomain", /first label/],
  ])("%j → %s", (options, field, message) => {
    const error = invalidInput(() => githubIssuer(options));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});
