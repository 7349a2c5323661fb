import type { GetTokenOptions } from "@azure/core-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AssertionContext } from "../src/provider/assertion-provider";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});
beforeEach(() => {
  federation.minted.length = 0;
});

/** An assertion callback that only returns when its signal aborts, and says so. */
function hangingAssertion(): {
  assertion: (ctx: AssertionContext) => Promise<string>;
  aborted: Promise<unknown>;
} {
  let reportAbort: (reason: unknown) => void = () => undefined;
  const aborted = new Promise<unknown>((resolve) => {
    reportAbort = resolve;
  });
  return {
    aborted,
    assertion: (ctx) =>
      new Promise<string>((_resolve, reject) => {
        ctx.signal?.addEventListener("abort", () => {
          reportAbort(ctx.signal?.reason);
          reject(ctx.signal?.reason);
        });
      }),
  };
}

describe("abort", () => {
  it("aborts the assertion fetch with the caller's reason", async () => {
    const hanging = hangingAssertion();
    const controller = new AbortController();
    const pending = federation.credential({ assertion: hanging.assertion }).getToken(SCOPE, {
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("caller gave up")), 50);
    await expect(pending).rejects.toThrow("caller gave up");
    expect(await hanging.aborted).toEqual(new Error("caller gave up"));
    expect(federation.entra.count("token")).toBe(0);
  });

  it("aborts the token request", async () => {
    const credential = federation.credential();
    await credential.getToken("https://vault.azure.net/.default"); // discovery out of the way
    federation.entra.setLatency(10_000);
    const controller = new AbortController();
    const started = performance.now();
    const pending = credential.getToken(SCOPE, { abortSignal: controller.signal });
    await vi.waitFor(() => expect(federation.minted).toHaveLength(2));
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("AbortError");
    expect(performance.now() - started).toBeLessThan(5_000); // far sooner than the 10 s answer
  });

  it("does nothing for a signal that is already aborted", async () => {
    const error = await federation
      .credential()
      .getToken(SCOPE, { abortSignal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("AbortError");
    expect(federation.minted).toHaveLength(0);
    expect(federation.entra.requests).toHaveLength(0);
  });

  it("one caller aborting does not cancel the exchange others wait for", async () => {
    const credential = federation.credential();
    // The exchange takes seconds, the abort comes at once: on a loaded machine a 20 ms timer against
    // a 150 ms answer could fire after the exchange had ended.
    federation.entra.setLatency(2_000);
    const controller = new AbortController();
    const leaving = credential.getToken(SCOPE, { abortSignal: controller.signal });
    const staying = credential.getToken(SCOPE);
    setTimeout(() => controller.abort(), 20);
    await expect(leaving).rejects.toMatchObject({ name: "AbortError" });
    const token = await staying;
    expect(token.token).toBeTruthy();
    expect(federation.entra.count("token")).toBe(1);
    expect(federation.minted).toHaveLength(1);
  });

  it("the exchange is aborted when every caller waiting for it has aborted", async () => {
    const hanging = hangingAssertion();
    const credential = federation.credential({ assertion: hanging.assertion });
    const first = new AbortController();
    const second = new AbortController();
    const calls = [
      credential.getToken(SCOPE, { abortSignal: first.signal }).catch((caught: unknown) => caught),
      credential.getToken(SCOPE, { abortSignal: second.signal }).catch((caught: unknown) => caught),
    ];
    first.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    let settled = false;
    void hanging.aborted.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false); // the second caller still waits: the provider is not aborted
    second.abort();
    await hanging.aborted;
    const errors = await Promise.all(calls);
    expect(errors.map((error) => (error as Error).name)).toEqual(["AbortError", "AbortError"]);
  });

  it("ends the wait at requestOptions.timeout with a TimeoutError", async () => {
    const hanging = hangingAssertion();
    const started = performance.now();
    const error = await federation
      .credential({ assertion: hanging.assertion })
      .getToken(SCOPE, { requestOptions: { timeout: 100 } })
      .catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(3_000); // the provider never answers by itself
    expect((error as Error).name).toBe("TimeoutError");
    expect((error as Error).message).toContain("requestOptions.timeout");
    expect(((await hanging.aborted) as Error).name).toBe("TimeoutError");
  });

  it("takes an AbortSignalLike from another implementation, aborted before or during the call", async () => {
    type AbortSignalLike = NonNullable<GetTokenOptions["abortSignal"]>;
    type Listener = (this: AbortSignalLike, event: unknown) => unknown;
    const listeners: Listener[] = [];
    const added: unknown[] = [];
    const foreign: AbortSignalLike & { aborted: boolean } = {
      aborted: false,
      addEventListener: (type: "abort", listener: Listener, options?: unknown) => {
        listeners.push(listener);
        added.push([type, options]);
      },
      removeEventListener: () => undefined,
    };
    const hanging = hangingAssertion();
    const pending = federation
      .credential({ assertion: hanging.assertion })
      .getToken(SCOPE, { abortSignal: foreign })
      .catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(listeners).toHaveLength(1));
    foreign.aborted = true;
    expect(added).toEqual([["abort", { once: true }]]);
    for (const listener of listeners) listener.call(foreign, undefined);
    expect(((await pending) as Error).name).toBe("AbortError");
    expect(((await pending) as Error).message).toBe(
      "FederatedTokenCredential: the token request was aborted.",
    );
    expect(((await hanging.aborted) as Error).name).toBe("AbortError");

    const already = { ...foreign, aborted: true };
    const error = await federation
      .credential()
      .getToken(SCOPE, { abortSignal: already })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("AbortError");
    expect((error as Error).message).toContain("aborted");
    expect(federation.entra.count("token")).toBe(0);
  });

  it.each([0, -1, Number.POSITIVE_INFINITY, Number.NaN])(
    "a requestOptions.timeout of %s sets no time limit",
    async (timeout) => {
      federation.entra.setLatency(150);
      try {
        const token = await federation.credential().getToken(SCOPE, { requestOptions: { timeout } });
        expect(token.token).toBeTruthy();
      } finally {
        federation.entra.setLatency(0);
      }
    },
  );

  it("a caller's abort signal and requestOptions.timeout together: the first to fire ends the wait", async () => {
    const controller = new AbortController();
    const hanging = hangingAssertion();
    const credential = federation.credential({ assertion: hanging.assertion });
    const byTimeout = await credential
      .getToken(SCOPE, { abortSignal: controller.signal, requestOptions: { timeout: 50 } })
      .catch((caught: unknown) => caught);
    expect((byTimeout as Error).name).toBe("TimeoutError");

    const byAbort = credential
      .getToken(SCOPE, { abortSignal: controller.signal, requestOptions: { timeout: 60_000 } })
      .catch((caught: unknown) => caught);
    controller.abort(new Error("caller left"));
    expect(((await byAbort) as Error).message).toBe("caller left");
  });
});
