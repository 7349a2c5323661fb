// A hostile server at the metadata address (issue 12): an endless body or a throttling answer is an
// answer, not the absence of Google Cloud, and is bounded.

import { createServer } from "node:net";
import { AssertionFetchError } from "@azfed/core";
import { type GcpMetadataEmulator, testCertificateAuthority } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { gcp } from "../src/index";
import { useGcpMetadata } from "./metadata-fixture";

const context = { audience: "api://AzureADTokenExchange" };
let metadata: GcpMetadataEmulator;

useGcpMetadata((started) => {
  ({ metadata } = started);
});

describe("the metadata server, hostile", () => {
  it("refuses an endless identity answer at 1 MiB", async () => {
    metadata.failNext(1, { hostile: "endless-body", headers: { "content-type": "application/text" } });
    const error = await gcp({ env: metadata.env(), retry: { maxRetries: 0 } })
      .getAssertion(context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as Error).message).toMatch(/1048576 bytes/);
  });

  it("says the server throttled, and when to retry, when Retry-After passes the budget", async () => {
    metadata.failNext(1, {
      hostile: "echo",
      status: 429,
      headers: { "retry-after": "3600" },
      body: () => "slow down",
    });
    const started = performance.now();
    const error = await gcp({ env: metadata.env(), timeoutMs: 10_000 })
      .getAssertion(context)
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect((error as Error).message).toMatch(/throttled.*3600 s.*try again after/);
  });
});

describe("the metadata server's status line (issue 20)", () => {
  it("is shortened and its escapes shown, not written: 20 000 characters with an erase sequence", async () => {
    const server = createServer((socket) => {
      socket.once("data", () => {
        socket.end(
          `HTTP/1.1 500 ${"x".repeat(20_000)}\u001b[2K\u001b[1A\r\nmetadata-flavor: Google\r\ncontent-length: 0\r\n\r\n`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address();
      const host = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      // undici's parser takes such a status line (Node's own refuses it as a network error).
      const error = await gcp({
        env: { GCE_METADATA_HOST: host },
        retry: { maxRetries: 0 },
        dispatcher: (await testCertificateAuthority()).dispatcher,
      })
        .getAssertion(context)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AssertionFetchError);
      const message = (error as Error).message;
      expect(message).toMatch(/… \(200\d\d characters\)/);
      expect(message.length).toBeLessThan(1_000);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
      expect(message).not.toMatch(/[\u0000-\u001f]/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
