import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "../src/redact";

const jwt =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUudGVzdCIsInN1YiI6InJlcG86by9yIn0.c2lnbmF0dXJlLWJ5dGVz";

describe("redact", () => {
  it("removes JWTs wherever they stand", () => {
    expect(redact(`token ${jwt} was refused`)).toBe(`token ${REDACTED} was refused`);
    expect(redact(JSON.stringify({ value: jwt }))).not.toContain(jwt.split(".")[1]);
  });

  it("removes bearer and basic credentials", () => {
    expect(redact("Authorization: Bearer abc123.def")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact("authorization=Basic dXNlcjpwYXNz")).not.toContain("dXNlcjpwYXNz");
  });

  it.each([
    ["client_assertion=opaque-secret-value&x=1", "opaque-secret-value"],
    ['{"access_token":"opaque-secret-value"}', "opaque-secret-value"],
    ["ACTIONS_ID_TOKEN_REQUEST_TOKEN=opaque-secret-value", "opaque-secret-value"],
    ["SYSTEM_ACCESSTOKEN: opaque-secret-value", "opaque-secret-value"],
    ["client_secret: 'opaque-secret-value'", "opaque-secret-value"],
  ])("removes the value of a secret field in %s", (text, secret) => {
    const redacted = redact(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it("keeps a pipeline macro, which names a secret without being one", () => {
    const yaml = "SYSTEM_ACCESSTOKEN: $(System.AccessToken)";
    expect(redact(yaml)).toBe(yaml);
  });

  it("keeps ordinary diagnostic text intact", () => {
    const text =
      "No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/main'.";
    expect(redact(text)).toBe(text);
  });
});
