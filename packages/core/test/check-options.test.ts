import { setTimeout as sleep } from "node:timers/promises";
import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/errors/invalid-input-error";
import type { AssertionContext } from "../src/provider/assertion-provider";
import {
  checkMilliseconds,
  checkProviderOptions,
  checkRetryOptions,
  MAX_TIMER_MS,
} from "../src/provider/check-options";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;
useFederation((started) => {
  federation = started;
});

function thrown(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError, nothing was thrown");
}

describe("checkMilliseconds: finite, > 0, at most 2^31-1", () => {
  it.each([1, 0.5, 30_000, MAX_TIMER_MS])("accepts %s", (ms) => {
    expect(checkMilliseconds("timeoutMs", ms)).toBe(ms);
  });

  it("returns undefined for undefined (the caller's default applies)", () => {
    expect(checkMilliseconds("timeoutMs", undefined)).toBeUndefined();
  });

  it.each([0, -5, MAX_TIMER_MS + 1, 3e9, Number.POSITIVE_INFINITY, Number.NaN, "1000", null])(
    "refuses %s, naming the field, the value, what is expected and the fix",
    (ms) => {
      const error = thrown(() => checkMilliseconds("retry.maxDelayMs", ms));
      expect(error.field).toBe("retry.maxDelayMs");
      expect(error.message).toContain(`got ${typeof ms === "string" ? JSON.stringify(ms) : String(ms)}`);
      expect(error.expected).toContain("at most 2147483647");
      expect(error.message).toContain("Fix: leave retry.maxDelayMs out for its default");
    },
  );

  it("is the limit Node.js timers have", () => {
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
  });
});

describe("checkRetryOptions", () => {
  it.each([undefined, {}, { maxRetries: 0 }, { maxRetries: 5, baseDelayMs: 1, maxDelayMs: MAX_TIMER_MS }])(
    "accepts %j",
    (retry) => {
      expect(checkRetryOptions(retry)).toBe(retry);
    },
  );

  it.each([
    [5, "retry"],
    [null, "retry"],
    [[1], "retry"],
    [{ maxRetries: -1 }, "retry.maxRetries"],
    [{ maxRetries: 1.5 }, "retry.maxRetries"],
    [{ maxRetries: Number.POSITIVE_INFINITY }, "retry.maxRetries"],
    [{ baseDelayMs: 0 }, "retry.baseDelayMs"],
    [{ maxDelayMs: 3e9 }, "retry.maxDelayMs"],
  ])("refuses %j (%s)", (retry, field) => {
    expect(thrown(() => checkRetryOptions(retry)).field).toBe(field);
  });
});

describe("checkProviderOptions", () => {
  it("returns the options when every shared one is well formed", () => {
    const options = { env: {}, dispatcher: new Agent(), retry: { maxRetries: 1 }, timeoutMs: 10 };
    expect(checkProviderOptions(options)).toBe(options);
  });

  it.each([
    [{ env: "GITHUB_ACTIONS=true" }, "env"],
    [{ env: null }, "env"],
    [{ dispatcher: {} }, "dispatcher"],
    [{ timeoutMs: -5 }, "timeoutMs"],
    [{ retry: { maxRetries: -1 } }, "retry.maxRetries"],
  ])("refuses %j (%s)", (options, field) => {
    expect(thrown(() => checkProviderOptions(options as never)).field).toBe(field);
  });

  it("refuses options that are not an object", () => {
    expect(thrown(() => checkProviderOptions(5 as never)).field).toBe("options");
  });
});

describe("FederatedTokenCredential: time options a timer cannot hold", () => {
  // Before: timeoutMs 3e9 was accepted, and Node ran its timer for 1 ms (TimeoutOverflowWarning),
  // so every getToken gave up after about 1 ms with "took longer than 3000000000 ms".
  it("refuses timeoutMs: 3e9 at construction", () => {
    const error = thrown(() => federation.credential({ timeoutMs: 3e9 }));
    expect(error.field).toBe("timeoutMs");
    expect(error.message).toContain("got 3000000000");
  });

  it("accepts timeoutMs: 2^31-1, and a token request that takes 50 ms completes under it", async () => {
    const slow = async (ctx: AssertionContext): Promise<string> => {
      await sleep(50);
      return federation.assertion(ctx);
    };
    const credential = federation.credential({ assertion: slow, timeoutMs: MAX_TIMER_MS });
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  // Before: requestOptions.timeout 3e9 became a 1 ms timer too, and getToken failed with a TimeoutError.
  it("treats requestOptions.timeout beyond 2^31-1 ms as no tighter than timeoutMs", async () => {
    const slow = async (ctx: AssertionContext): Promise<string> => {
      await sleep(50);
      return federation.assertion(ctx);
    };
    const credential = federation.credential({ assertion: slow });
    await expect(credential.getToken(SCOPE, { requestOptions: { timeout: 3e9 } })).resolves.toMatchObject({
      tokenType: "Bearer",
    });
  });
});
