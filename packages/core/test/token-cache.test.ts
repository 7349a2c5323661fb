import { describe, expect, it, vi } from "vitest";
import { type CachedAccessToken, refreshAfterTimestamp, TokenCache } from "../src/credential/token-cache";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("refreshAfterTimestamp", () => {
  it.each([
    ["an hour-long token: half its life", 0, HOUR, undefined, 30 * MINUTE],
    ["a day-long token with refresh_in 12 h", 0, 24 * HOUR, 12 * HOUR, 12 * HOUR],
    ["refresh_in past the 5-minute mark is pulled back", 0, HOUR, HOUR, 55 * MINUTE],
    ["a 10-minute token: half its life is 5 minutes before expiry", 0, 10 * MINUTE, undefined, 5 * MINUTE],
    ["a 6-minute token: half its life (the 5-minute rule cannot hold)", 0, 6 * MINUTE, undefined, 3 * MINUTE],
    ["a 2-minute token: half its life", 1_000, 1_000 + 2 * MINUTE, undefined, 1_000 + MINUTE],
    ["refresh_in before issue is clamped to issue", 5_000, 5_000 + HOUR, 0, 5_000],
  ])("%s", (_name, issuedAt, expiresOn, refreshOn, expected) => {
    expect(refreshAfterTimestamp(issuedAt, expiresOn, refreshOn)).toBe(expected);
  });

  it("is never later than 5 minutes before expiry for tokens of 10 minutes or more", () => {
    for (let lifetime = 10 * MINUTE; lifetime <= 48 * HOUR; lifetime += 7 * MINUTE) {
      for (const refreshIn of [undefined, lifetime / 3, lifetime, 2 * lifetime]) {
        const at = refreshAfterTimestamp(0, lifetime, refreshIn);
        expect(at).toBeLessThanOrEqual(lifetime - 5 * MINUTE);
        expect(at).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

function token(name: string, now: number, lifetime = HOUR): CachedAccessToken {
  return {
    token: name,
    expiresOnTimestamp: now + lifetime,
    refreshAfterTimestamp: now + lifetime / 2,
    tokenType: "Bearer",
  };
}

/** A fetcher whose calls the test settles by hand. */
function manualFetcher() {
  const calls: {
    signal: AbortSignal;
    claims: string | undefined;
    resolve: (value: CachedAccessToken) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const fetch = vi.fn(
    (_request: string, signal: AbortSignal, claims?: string) =>
      new Promise<CachedAccessToken>((resolve, reject) => {
        calls.push({ signal, claims, resolve, reject });
      }),
  );
  return { fetch, calls };
}

describe("TokenCache", () => {
  it("shares one fetch between concurrent misses and then serves hits synchronously", async () => {
    let now = 0;
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => now });
    const waiting = Array.from({ length: 100 }, () => cache.get("k", "request"));
    expect(fetch).toHaveBeenCalledTimes(1);
    calls[0]?.resolve(token("A", now));
    const results = await Promise.all(waiting);
    expect(results.every((result) => result.token === "A")).toBe(true);
    now = 10 * MINUTE;
    expect(cache.lookup("k")?.token).toBe("A");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("a failed fetch rejects every waiter and the next call fetches again", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const waiting = [cache.get("k", "r"), cache.get("k", "r")];
    calls[0]?.reject(new Error("refused"));
    for (const result of waiting) await expect(result).rejects.toThrow("refused");
    const again = cache.get("k", "r");
    expect(fetch).toHaveBeenCalledTimes(2);
    calls[1]?.resolve(token("B", 0));
    expect((await again).token).toBe("B");
  });

  it("starts one background refresh when due, serving the cached token meanwhile", async () => {
    let now = 0;
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => now });
    const first = cache.get("k", "r");
    calls[0]?.resolve(token("A", 0));
    await first;
    now = 31 * MINUTE;
    expect(cache.lookup("k")?.token).toBe("A");
    expect(cache.lookup("k")?.token).toBe("A");
    expect(fetch).toHaveBeenCalledTimes(2);
    calls[1]?.resolve(token("B", now));
    await vi.waitFor(() => expect(cache.lookup("k")?.token).toBe("B"));
  });

  it("after a failed background refresh, serves the cached token and tries again after the retry delay", async () => {
    let now = 0;
    const { fetch, calls } = manualFetcher();
    const onBackgroundRefreshError = vi.fn();
    const cache = new TokenCache({
      fetch,
      clock: () => now,
      refreshRetryDelayMs: 30_000,
      onBackgroundRefreshError,
    });
    const first = cache.get("k", "r");
    calls[0]?.resolve(token("A", 0));
    await first;
    now = 31 * MINUTE;
    cache.lookup("k");
    calls[1]?.reject(new Error("refresh failed"));
    await vi.waitFor(() =>
      expect(onBackgroundRefreshError).toHaveBeenCalledWith(new Error("refresh failed"), "r"),
    );
    now += 29_000;
    expect(cache.lookup("k")?.token).toBe("A");
    expect(fetch).toHaveBeenCalledTimes(2);
    now += 2_000;
    expect(cache.lookup("k")?.token).toBe("A");
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("forgets an expired token: the next caller waits for a fetch", async () => {
    let now = 0;
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => now });
    const first = cache.get("k", "r");
    calls[0]?.resolve(token("A", 0));
    await first;
    now = HOUR;
    expect(cache.lookup("k")).toBeUndefined();
    const next = cache.get("k", "r");
    calls[1]?.resolve(token("B", now));
    expect((await next).token).toBe("B");
  });

  it("claims skip the cache and an in-flight fetch, and replace the entry", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const plain = cache.get("k", "r");
    const challenged = cache.get("k", "r", { claims: '{"access_token":{}}' });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(calls[1]?.claims).toBe('{"access_token":{}}');
    calls[0]?.resolve(token("A", 0));
    await plain;
    calls[1]?.resolve(token("C", 0));
    await challenged;
    expect(cache.lookup("k")?.token).toBe("C");
  });

  it("aborts the fetch only when every waiting caller has aborted", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const a = new AbortController();
    const b = new AbortController();
    const first = cache.get("k", "r", { signal: a.signal });
    const second = cache.get("k", "r", { signal: b.signal });
    a.abort(new Error("a left"));
    await expect(first).rejects.toThrow("a left");
    expect(calls[0]?.signal.aborted).toBe(false);
    b.abort(new Error("b left"));
    await expect(second).rejects.toThrow("b left");
    expect(calls[0]?.signal.aborted).toBe(true);
    // A new caller starts a new fetch instead of joining the aborted one.
    const third = cache.get("k", "r");
    expect(fetch).toHaveBeenCalledTimes(2);
    calls[0]?.reject(calls[0].signal.reason);
    calls[1]?.resolve(token("D", 0));
    expect((await third).token).toBe("D");
  });

  it("a caller without a signal keeps the fetch alive", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const a = new AbortController();
    const leaving = cache.get("k", "r", { signal: a.signal });
    const staying = cache.get("k", "r");
    a.abort();
    await expect(leaving).rejects.toMatchObject({ name: "AbortError" });
    expect(calls[0]?.signal.aborted).toBe(false);
    calls[0]?.resolve(token("E", 0));
    expect((await staying).token).toBe("E");
  });

  it("a background refresh is not cancelled by callers", async () => {
    let now = 0;
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => now });
    const first = cache.get("k", "r");
    calls[0]?.resolve(token("A", 0));
    await first;
    now = 31 * MINUTE;
    cache.lookup("k"); // due: a refresh starts in the background
    now = HOUR + 1; // expired while the refresh still runs
    const controller = new AbortController();
    const waiting = cache.get("k", "r", { signal: controller.signal }); // joins the refresh
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(calls[1]?.signal.aborted).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("rejects at once for an aborted signal without fetching", async () => {
    const { fetch } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    await expect(cache.get("k", "r", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(fetch).not.toHaveBeenCalled();
  });
  it("get returns a cached token without fetching", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const first = cache.get("k", "r");
    calls[0]?.resolve(token("A", 0));
    await first;
    expect((await cache.get("k", "r")).token).toBe("A");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("starts the refresh at refreshAfterTimestamp exactly, not a moment later", async () => {
    let now = 0;
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => now });
    const first = cache.get("k", "r");
    calls[0]?.resolve(token("A", 0)); // refresh after 30 minutes
    await first;
    now = 30 * MINUTE - 1;
    cache.lookup("k");
    expect(fetch).toHaveBeenCalledTimes(1);
    now = 30 * MINUTE;
    cache.lookup("k");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("waits 30 s by default before trying a failed background refresh again", async () => {
    let now = 0;
    const { fetch, calls } = manualFetcher();
    const onBackgroundRefreshError = vi.fn();
    const cache = new TokenCache({ fetch, clock: () => now, onBackgroundRefreshError });
    const first = cache.get("k", "r");
    calls[0]?.resolve(token("A", 0));
    await first;
    now = 31 * MINUTE;
    cache.lookup("k");
    calls[1]?.reject(new Error("refresh failed"));
    await vi.waitFor(() => expect(onBackgroundRefreshError).toHaveBeenCalledTimes(1));
    now += 29_999;
    cache.lookup("k");
    expect(fetch).toHaveBeenCalledTimes(2);
    now += 1;
    cache.lookup("k");
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("a failed background refresh without onBackgroundRefreshError rejects nothing unhandled", async () => {
    let now = 0;
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const { fetch, calls } = manualFetcher();
      const cache = new TokenCache({ fetch, clock: () => now });
      const first = cache.get("k", "r");
      calls[0]?.resolve(token("A", 0));
      await first;
      now = 31 * MINUTE;
      expect(cache.lookup("k")?.token).toBe("A");
      calls[1]?.reject(new Error("refresh failed"));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(cache.lookup("k")?.token).toBe("A");
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("a caller without claims does not join a fetch made for a claims challenge", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const challenged = cache.get("k", "r", { claims: "{}" });
    const plain = cache.get("k", "r");
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(calls[1]?.claims).toBeUndefined();
    calls[0]?.resolve(token("C", 0));
    calls[1]?.resolve(token("P", 0));
    expect((await challenged).token).toBe("C");
    expect((await plain).token).toBe("P");
  });

  it("a claims caller leaving does not drop the shared fetch other callers wait for", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const plain = cache.get("k", "r");
    const controller = new AbortController();
    const challenged = cache.get("k", "r", { claims: "{}", signal: controller.signal });
    controller.abort();
    await expect(challenged).rejects.toMatchObject({ name: "AbortError" });
    expect(calls[1]?.signal.aborted).toBe(true);
    const joining = cache.get("k", "r");
    expect(fetch).toHaveBeenCalledTimes(2);
    calls[0]?.resolve(token("A", 0));
    expect((await plain).token).toBe("A");
    expect((await joining).token).toBe("A");
  });

  it("an abandoned fetch settling late does not drop the newer fetch for its key", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const controller = new AbortController();
    const abandoned = cache.get("k", "r", { signal: controller.signal });
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ name: "AbortError" });
    const newer = cache.get("k", "r");
    expect(fetch).toHaveBeenCalledTimes(2);
    calls[0]?.reject(calls[0].signal.reason);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const joining = cache.get("k", "r");
    expect(fetch).toHaveBeenCalledTimes(2);
    calls[1]?.resolve(token("B", 0));
    expect((await newer).token).toBe("B");
    expect((await joining).token).toBe("B");
  });

  it("aborts the fetch with the last caller's reason", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    const controller = new AbortController();
    const leaving = cache.get("k", "r", { signal: controller.signal });
    const reason = new Error("caller left");
    controller.abort(reason);
    await expect(leaving).rejects.toBe(reason);
    expect(calls[0]?.signal.reason).toBe(reason);
  });

  it("counts its tokens, and clear forgets them all", async () => {
    const { fetch, calls } = manualFetcher();
    const cache = new TokenCache({ fetch, clock: () => 0 });
    expect(cache.size).toBe(0);
    const first = cache.get("k1", "r");
    const second = cache.get("k2", "r");
    calls[0]?.resolve(token("A", 0));
    calls[1]?.resolve(token("B", 0));
    await Promise.all([first, second]);
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.lookup("k1")).toBeUndefined();
    const again = cache.get("k1", "r");
    expect(fetch).toHaveBeenCalledTimes(3);
    calls[2]?.resolve(token("C", 0));
    expect((await again).token).toBe("C");
  });
});
