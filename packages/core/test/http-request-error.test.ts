import { describe, expect, it, vi } from "vitest";
import {
  describeNetworkError,
  HttpRequestError,
  networkErrorCode,
  safeUrl,
} from "../src/http/http-request-error";

const URL_WITH_QUERY = "https://login.example.test/tenant/oauth2/v2.0/token?api-version=1&secret=q";
const withCode = (message: string, code: unknown, cause?: unknown): Error =>
  Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code });

describe("HttpRequestError", () => {
  it("keeps its reason, attempts, status and Retry-After, and names itself", () => {
    const error = new HttpRequestError("throttled", URL_WITH_QUERY, 3, undefined, {
      statusCode: 429,
      retryAfterMs: 90_500,
      detail: "longer than the 30 s left",
    });
    expect(error.name).toBe("HttpRequestError");
    expect(error).toMatchObject({ reason: "throttled", attempts: 3, statusCode: 429, retryAfterMs: 90_500 });
    expect(error.message).toMatch(
      /^Request to https:\/\/login\.example\.test\/tenant\/oauth2\/v2\.0\/token was throttled: the server answered HTTP 429 and asked to wait 91 s \(Retry-After\), longer than the 30 s left\. Not waiting: try again after \d{4}-\d\d-\d\dT[\d:.]+Z after 3 attempt\(s\)$/,
    );
  });

  it("says 'a long while' for a Retry-After past the last date a Date can hold", () => {
    const error = new HttpRequestError("throttled", URL_WITH_QUERY, 1, undefined, {
      statusCode: 503,
      retryAfterMs: 9e15,
      detail: "more than maxDelayMs",
    });
    expect(error.message).toContain("try again after a long while");
  });

  it("names the last date a Date holds (8.64e15 ms) as it is, and one millisecond later 'a long while'", () => {
    vi.useFakeTimers({ now: 0, toFake: ["Date"] });
    try {
      const retryAt = (retryAfterMs: number) =>
        new HttpRequestError("throttled", URL_WITH_QUERY, 1, undefined, {
          statusCode: 429,
          retryAfterMs,
          detail: "more than maxDelayMs",
        }).message;
      expect(retryAt(8.64e15)).toContain("try again after +275760-09-13T00:00:00.000Z after 1 attempt(s)");
      expect(retryAt(8.64e15 - 1)).toContain("try again after +275760-09-12T23:59:59.999Z after");
      expect(retryAt(8.64e15 + 1)).toContain("try again after a long while after");
      expect(retryAt(Number.NaN)).toContain("try again after a long while after");
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ["timeout", "timed out after 2 attempt(s)"],
    ["aborted", "was aborted after 2 attempt(s)"],
  ] as const)("says the request %s", (reason, text) => {
    expect(new HttpRequestError(reason, URL_WITH_QUERY, 2).message).toBe(
      `Request to https://login.example.test/tenant/oauth2/v2.0/token ${text}`,
    );
  });

  it("explains an answer too large to be a token", () => {
    const error = new HttpRequestError("too-large", URL_WITH_QUERY, 1, undefined, {
      statusCode: 200,
      detail: "over 1048576 bytes",
    });
    expect(error.message).toContain("was refused: the answer (HTTP 200) is over 1048576 bytes;");
    expect(error.message).toContain("check the URL and any proxy in between");
    expect(error.statusCode).toBe(200);
  });

  it("names a network failure, its cause and code", () => {
    const cause = new TypeError("fetch failed", {
      cause: withCode("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"),
    });
    const error = new HttpRequestError("network", URL_WITH_QUERY, 4, cause);
    expect(error.message).toBe(
      "Request to https://login.example.test/tenant/oauth2/v2.0/token failed: fetch failed: connect ECONNREFUSED 127.0.0.1:1: ECONNREFUSED after 4 attempt(s)",
    );
  });

  it("describes a cause that is not an Error as text", () => {
    expect(new HttpRequestError("network", URL_WITH_QUERY, 1, "socket hang up").message).toContain(
      "failed: socket hang up after 1 attempt(s)",
    );
    expect(new HttpRequestError("certificate", URL_WITH_QUERY, 1, "untrusted").message).toContain(
      "the server's TLS certificate was not trusted (untrusted). Not retried:",
    );
  });

  it("gives the certificate advice for the error's code", () => {
    const cause = withCode("unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    const error = new HttpRequestError("certificate", URL_WITH_QUERY, 1, cause);
    expect(error.message).toContain(
      "failed: the server's TLS certificate was not trusted (unable to verify the first certificate: UNABLE_TO_VERIFY_LEAF_SIGNATURE). Not retried: ",
    );
    expect(error.message.length).toBeGreaterThan(error.message.indexOf("Not retried: ") + 20);
  });

  it("keeps the caller's abort reason as it is, and only a scrubbed copy of any other cause", () => {
    const reason = new Error("caller gave up");
    expect(new HttpRequestError("aborted", URL_WITH_QUERY, 1, reason).cause).toBe(reason);
    const secret = "request-token-0123456789abcdef";
    const raw = Object.assign(new Error(`Parse Error: ${secret}`), {
      data: `GET / Authorization: ${secret}`,
    });
    const error = new HttpRequestError("network", URL_WITH_QUERY, 1, raw, { secrets: [secret] });
    expect(error.cause).not.toBe(raw);
    expect(JSON.stringify(error.cause)).not.toContain(secret);
    expect(String((error.cause as Error).message)).not.toContain(secret);
    expect(error.message).not.toContain(secret);
  });
});

describe("safeUrl", () => {
  it("keeps the origin and path and drops the query", () => {
    expect(safeUrl(URL_WITH_QUERY)).toBe("https://login.example.test/tenant/oauth2/v2.0/token");
  });

  it("says the URL is invalid instead of quoting it", () => {
    expect(safeUrl("not a url with a token eyJhbGciOi")).toBe("<invalid URL>");
  });
});

describe("describeNetworkError", () => {
  it("joins the message, the cause's message and the code", () => {
    const error = withCode("fetch failed", "ECONNRESET", new Error("read ECONNRESET"));
    expect(describeNetworkError(error)).toBe("fetch failed: read ECONNRESET: ECONNRESET");
  });

  it("leaves out what is missing, and ignores a cause that is not an Error", () => {
    expect(describeNetworkError(new Error("boom", { cause: "text cause" }))).toBe("boom");
    expect(describeNetworkError(42)).toBe("42");
  });

  it("shortens to 500 characters", () => {
    expect(describeNetworkError(new Error("x".repeat(2000))).length).toBeLessThanOrEqual(500);
    expect(describeNetworkError("y".repeat(2000)).length).toBeLessThanOrEqual(500);
    expect(describeNetworkError("y".repeat(2000)).length).toBeGreaterThan(400);
  });
});

describe("networkErrorCode", () => {
  it("finds the first string code within four levels of causes", () => {
    const deep = new Error("1", {
      cause: new Error("2", { cause: new Error("3", { cause: withCode("4", "EPIPE") }) }),
    });
    expect(networkErrorCode(deep)).toBe("EPIPE");
    const tooDeep = new Error("0", { cause: deep });
    expect(networkErrorCode(tooDeep)).toBeUndefined();
  });

  it("skips a code that is not text, and answers undefined for what is not an Error", () => {
    expect(networkErrorCode(withCode("a", 104, withCode("b", "ECONNRESET")))).toBe("ECONNRESET");
    expect(networkErrorCode({ code: "ECONNRESET" })).toBeUndefined();
    expect(networkErrorCode(withCode("outer", "EOUTER", withCode("inner", "EINNER")))).toBe("EOUTER");
  });
});
