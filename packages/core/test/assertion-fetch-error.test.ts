import { describe, expect, it } from "vitest";
import { AssertionFetchError } from "../src/errors/assertion-fetch-error";

class PlatformFileError extends AssertionFetchError {
  override readonly name: string = "PlatformFileError";
}

describe("AssertionFetchError", () => {
  it("is named AssertionFetchError and carries the provider and status", () => {
    const error = new AssertionFetchError({ provider: "gitlab", message: "no token", statusCode: 503 });
    expect(error.name).toBe("AssertionFetchError");
    expect(String(error)).toBe("AssertionFetchError: gitlab: no token");
    expect(error.provider).toBe("gitlab");
    expect(error.statusCode).toBe(503);
  });

  it("lets a subclass name itself, and stays an AssertionFetchError", () => {
    const error = new PlatformFileError({ provider: "my-platform", message: "the file is empty" });
    expect(error.name).toBe("PlatformFileError");
    expect(String(error)).toBe("PlatformFileError: my-platform: the file is empty");
    expect(error.stack?.split("\n")[0]).toBe("PlatformFileError: my-platform: the file is empty");
    expect(error).toBeInstanceOf(AssertionFetchError);
  });
});
