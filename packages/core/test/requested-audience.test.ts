import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/errors/invalid-input-error";
import { requestedAudience } from "../src/provider/requested-audience";

describe("requestedAudience", () => {
  it("gives the context's audience as it is", () => {
    expect(requestedAudience({ audience: "api://AzureADTokenExchange" }, "the OIDC token")).toBe(
      "api://AzureADTokenExchange",
    );
  });

  it.each([
    ["empty", ""],
    ["white space only", "   "],
    ["surrounded by white space", " api://AzureADTokenExchange"],
    ["not a string", 42],
    ["absent", undefined],
  ])("refuses an audience that is %s, naming the field, the token and the fix", (_case, audience) => {
    const context = { audience } as unknown as { audience: string };
    let thrown: unknown;
    try {
      requestedAudience(context, "the Buildkite token");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).field).toBe("audience");
    expect((thrown as Error).message).toContain("the Buildkite token must carry");
    expect((thrown as Error).message).toContain("FederatedTokenCredential does this for you");
  });

  it("refuses a missing context", () => {
    expect(() => requestedAudience(undefined, "the OIDC token")).toThrow(InvalidInputError);
  });
});
