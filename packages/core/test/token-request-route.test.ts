import { describe, expect, it } from "vitest";
import { routedUrl } from "../src/provider";

describe("routedUrl: a request to Entra rewritten for a token request route", () => {
  it.each([
    ["https://10.0.0.1", "https://10.0.0.1/tenant/oauth2/v2.0/token?client-request-id=1"],
    ["https://10.0.0.1/", "https://10.0.0.1/tenant/oauth2/v2.0/token?client-request-id=1"],
    [
      "https://10.0.0.1:8443/identity",
      "https://10.0.0.1:8443/identity/tenant/oauth2/v2.0/token?client-request-id=1",
    ],
    ["https://10.0.0.1/identity/", "https://10.0.0.1/identity/tenant/oauth2/v2.0/token?client-request-id=1"],
  ])("joins %s and the request's path with one slash and keeps the query", (route, expected) => {
    expect(
      routedUrl(route, "https://login.microsoftonline.com/tenant/oauth2/v2.0/token?client-request-id=1"),
    ).toBe(expected);
  });
});
