import { Agent } from "node:https";
import { createServer } from "node:net";
import type { AssertionProvider } from "@azfed/core";
import { gcp } from "@azfed/gcp";
import type { TestCertificateAuthority } from "@azfed/testing";
import {
  AnonymousCredential,
  BlobServiceClient,
  newPipeline,
  type StorageSharedKeyCredential,
} from "@azure/storage-blob";

type StorageCredential = Parameters<typeof newPipeline>[0];

/**
 * A `BlobServiceClient` whose HTTPS connections trust the test CA (through an `https.Agent` set on
 * each request), so no test changes the trust of the whole process: the client is otherwise the
 * SDK's own pipeline (authentication, retries, ...). `NODE_EXTRA_CA_CERTS` would do the same only for
 * processes that start with it, and would leak into every other package's tests in the same run.
 */
export function blobServiceTrusting(
  ca: TestCertificateAuthority,
  accountUrl: string,
  credential: StorageCredential | StorageSharedKeyCredential = new AnonymousCredential(),
): BlobServiceClient {
  const pipeline = newPipeline(credential);
  const agent = new Agent({ ca: ca.certificatePem, keepAlive: true });
  pipeline.factories.unshift({
    create: (next) => ({
      sendRequest: (request) => {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  });
  return new BlobServiceClient(accountUrl, pipeline);
}

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
