import { Agent } from "node:https";
import type { TestCertificateAuthority } from "./certificate-authority";

/**
 * The two things {@link blobServiceClientTrusting} takes from `@azure/storage-blob`: pass the module
 * itself (`import * as storageBlob from "@azure/storage-blob"`). Typed by shape, so the return type
 * is your `BlobServiceClient` while `@azfed/testing` neither depends on the SDK nor names it in its
 * types (a project without it still compiles with `skipLibCheck: false`).
 *
 * @example
 * ```ts
 * import * as storageBlob from "@azure/storage-blob";
 *
 * const sdk: StorageBlobSdk<storageBlob.BlobServiceClient, storageBlob.AnonymousCredential, storageBlob.Pipeline> = storageBlob;
 * ```
 */
export interface StorageBlobSdk<Client, Credential, Pipeline extends StoragePipelineLike> {
  /** `BlobServiceClient`: constructed with the account URL and the pipeline. */
  readonly BlobServiceClient: new (
    url: string,
    pipeline: Pipeline,
  ) => Client;
  /** `newPipeline`: the SDK's own pipeline for the credential (authentication, retries, …). */
  newPipeline(credential?: Credential): Pipeline;
}

/**
 * What {@link blobServiceClientTrusting} needs of the SDK's `Pipeline`: its list of request policy
 * factories, to put one first that sends each request through an agent trusting the test CA.
 *
 * @example
 * ```ts
 * const pipeline: StoragePipelineLike = storageBlob.newPipeline();
 * ```
 */
export interface StoragePipelineLike {
  readonly factories: unknown[];
}

/**
 * Options of {@link blobServiceClientTrusting}.
 *
 * @example
 * ```ts
 * const options: TrustingBlobServiceClientOptions<TokenCredential> = { ca, accountUrl: azurite.accountUrl, credential };
 * ```
 */
export interface TrustingBlobServiceClientOptions<Credential> {
  /** The CA whose certificates the client trusts, e.g. the one Azurite's certificate comes from. */
  readonly ca: TestCertificateAuthority;
  /** The blob account URL, e.g. `azurite.accountUrl`. */
  readonly accountUrl: string;
  /** A `TokenCredential` (azfed's, say), a `StorageSharedKeyCredential`, … Default: anonymous. */
  readonly credential?: Credential | undefined;
}

/** The one field of the SDK's request this helper sets: the agent of its HTTPS connection. */
interface AgentRequest {
  agent?: unknown;
}

/** The SDK's request policy, as far as this helper uses it. */
interface RequestPolicyLike {
  sendRequest(request: AgentRequest): Promise<unknown>;
}

/**
 * A `BlobServiceClient` whose HTTPS connections trust the test CA (through an `https.Agent` set on
 * each request), in this very process: no `NODE_EXTRA_CA_CERTS`, and the trust of the rest of the
 * process is left alone. Without it an SDK client fails against {@link startAzurite}'s HTTPS with
 * "unable to verify the first certificate". The client is otherwise the SDK's own (its pipeline's
 * authentication, retries and so on).
 *
 * @example
 * ```ts
 * import * as storageBlob from "@azure/storage-blob";
 * import { blobServiceClientTrusting, startAzurite, testCertificateAuthority } from "@azfed/testing";
 *
 * const ca = await testCertificateAuthority();
 * const azurite = await startAzurite({ ca });
 * const service = blobServiceClientTrusting(storageBlob, { ca, accountUrl: azurite.accountUrl, credential });
 * await service.getContainerClient("builds").createIfNotExists();
 * ```
 */
export function blobServiceClientTrusting<Client, Credential, Pipeline extends StoragePipelineLike>(
  storageBlob: StorageBlobSdk<Client, Credential, Pipeline>,
  options: TrustingBlobServiceClientOptions<Credential>,
): Client {
  const pipeline = storageBlob.newPipeline(options.credential);
  const agent = new Agent({ ca: options.ca.certificatePem, keepAlive: true });
  pipeline.factories.unshift({
    create: (next: RequestPolicyLike): RequestPolicyLike => ({
      sendRequest: (request) => {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  });
  return new storageBlob.BlobServiceClient(options.accountUrl, pipeline);
}
