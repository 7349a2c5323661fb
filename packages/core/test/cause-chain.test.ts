// Issue 20 finding 1: a server answering a malformed header line that echoes the request made Node's
// HTTP parser keep the raw bytes (`HTTPParserError.data`), and azfed kept that error as its `cause`:
// `console.error(err)` printed the whole client_assertion. Every error azfed throws now keeps only a
// scrubbed copy of what it did not build itself.
import { createServer } from "node:net";
import { inspect } from "node:util";
import { expectNoSecretTrace } from "@azfed/testing";
import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import { AssertionFetchError } from "../src/errors/assertion-fetch-error";
import { CredentialUnavailableError } from "../src/errors/credential-unavailable-error";
import { ScrubbedCause, scrubCause } from "../src/errors/scrubbed-cause";
import { HttpRequestError } from "../src/http/http-request-error";
import { sendRequest } from "../src/http/send-request";
import { type Federation, SCOPE, useFederation } from "./federation-fixture";

let federation: Federation;

useFederation((started) => {
  federation = started;
});

const SECRET = "s3cr3t-".repeat(6);

function parserError(): Error {
  const error = new Error("Response does not match the HTTP/1.1 protocol (Invalid header value char)");
  return Object.assign(error, {
    name: "HTTPParserError",
    code: "HPE_INVALID_HEADER_TOKEN",
    data: `\u0001POST /token HTTP/1.1\r\nauthorization: Bearer ${SECRET}\r\n\r\nclient_assertion=${SECRET}`,
    rawPacket: Buffer.from(SECRET),
  });
}

describe("the cause chain keeps no secret", () => {
  it("a malformed header echoing the token request leaves no trace of the client_assertion", async () => {
    federation.entra.failNext(10, { hostile: "malformed-header" }, "token");
    const error = await federation
      .credential({ retry: { maxRetries: 1 } })
      .getToken(SCOPE)
      .then(
        () => expect.unreachable("the token request cannot succeed"),
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(federation.minted.length).toBeGreaterThan(0);
    // The transport's code survives the scrub: it is what says what happened.
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).toMatch(
      /HPE_INVALID_HEADER_TOKEN|Invalid header/,
    );
    expectNoSecretTrace(error, federation.minted);
  });

  it("a foreign error becomes a copy with its name, code and redacted message, without its other properties", () => {
    const copy = scrubCause(new Error("fetch failed", { cause: parserError() }), [SECRET]);
    expect(copy).toBeInstanceOf(ScrubbedCause);
    const inner = copy?.cause as ScrubbedCause;
    expect(inner.name).toBe("HTTPParserError");
    expect(inner.code).toBe("HPE_INVALID_HEADER_TOKEN");
    expect(inner.message).toContain("Invalid header value char");
    expect(Object.keys(inner)).not.toContain("data");
    expect(JSON.stringify(inner)).not.toContain(SECRET.slice(0, 24));
  });

  it("scrubs the secrets handed to it from messages, and escapes control characters", () => {
    const copy = scrubCause(new Error(`refused ${SECRET}\u001b[2K\nforged`), [SECRET]);
    expect(copy?.message).toBe("refused [REDACTED]\\x1b[2K\\nforged");
    expect(copy?.stack?.split("\n")[0]).toBe("Error: refused [REDACTED]\\x1b[2K\\nforged");
  });

  it("every error class of core keeps only a scrubbed cause", () => {
    const errors = [
      new AssertionFetchError({ provider: "p", message: "m", cause: parserError() }),
      new CredentialUnavailableError("m", { cause: parserError() }),
      new HttpRequestError("network", "https://example.test/x", 1, parserError(), { secrets: [SECRET] }),
    ];
    for (const error of errors) {
      expect(error.cause).toBeInstanceOf(ScrubbedCause);
      expectNoSecretTrace(error, [SECRET]);
    }
  });

  it("keeps the caller's own abort reason as it is", () => {
    const reason = new Error("the caller gave up");
    expect(new HttpRequestError("aborted", "https://example.test/", 1, reason).cause).toBe(reason);
  });

  it.each([
    ["node:http, without a dispatcher", undefined],
    ["undici, with a dispatcher", new Agent()],
  ])(
    "whatever the transport (%s), the parser's raw bytes stay out of the chain",
    async (_transport, dispatcher) => {
      const server = createServer((socket) => {
        socket.once("data", (request) => {
          socket.end(
            Buffer.concat([
              Buffer.from("HTTP/1.1 200 OK\r\nX-Echo: \u0001"),
              request,
              Buffer.from("\r\n\r\n"),
            ]),
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const address = server.address();
        const error = await sendRequest({
          url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/token`,
          method: "POST",
          headers: { authorization: `Bearer ${SECRET}`, "x-identity-header": SECRET },
          body: `client_assertion=${SECRET}`,
          retry: { maxRetries: 0 },
          ...(dispatcher ? { dispatcher } : {}),
        }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(HttpRequestError);
        expectNoSecretTrace(error, [SECRET]);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );
});
