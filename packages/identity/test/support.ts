import { createServer } from "node:net";
import type { AssertionProvider } from "@azfed/core";
import { gcp } from "@azfed/gcp";

/**
 * A `127.0.0.1:PORT` where nothing listens (a port that was free a moment ago), for a metadata host
 * that must not answer: the Google Cloud probe then fails at once, without leaving the machine.
 */
export async function closedLoopbackHost(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return `127.0.0.1:${address.port}`;
}

/**
 * The built-in providers with the Google Cloud one probing `metadataHost` instead of
 * metadata.google.internal, so no test sends anything past 127.0.0.1.
 */
export function withLoopbackGcp(metadataHost: string) {
  return (defaults: readonly AssertionProvider[]): AssertionProvider[] =>
    defaults.map((provider) =>
      provider.name === "gcp" ? gcp({ metadataHost, probeTimeoutMs: 300 }) : provider,
    );
}
